package io.gigaslack.runs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may start runs, where, and who may control a run. Pure: the caller looks up what Slack knows
 * (the person's user groups, whether they are a workspace admin or owner) and passes it in.
 *
 * <ul>
 *   <li>Channels: a channel in {@code deniedChannels} is refused; when {@code allowedChannels} is not
 *       empty, only the channels it lists are allowed (a channel in both is refused). Direct messages
 *       count as channels ({@code D…}).
 *   <li>Starters: when {@code allowedUsers} or {@code allowedUsergroups} is not empty, a person may
 *       start runs only if {@code allowedUsers} lists them, or they belong to a group in
 *       {@code allowedUsergroups}, or {@code adminUsers} lists them. Both empty: everyone may.
 *   <li>Control (stop, extend, retry, delete): the run's requester, workspace admins and owners, and
 *       {@code adminUsers}.
 * </ul>
 *
 * <p>All ids are Slack ids ({@code C…}, {@code U…}, {@code S…}); the sets keep their configured order,
 * which is the order refusals list them in.
 */
public record AccessRules(
        Set<String> allowedChannels,
        Set<String> deniedChannels,
        Set<String> allowedUsers,
        Set<String> allowedUsergroups,
        Set<String> adminUsers) {

    /** The actions on an existing run that only its requester and admins may take. */
    public enum Control {
        STOP("stop"), EXTEND("extend"), RETRY("retry"), DELETE("delete"),
        /** Steering someone's agent is as much control as stopping it: the same people may do it. */
        FOLLOW_UP("send messages to the agent of");

        private final String verb;

        Control(String verb) {
            this.verb = verb;
        }

        /** The action as a verb: "stop". */
        public String verb() {
            return verb;
        }
    }

    public AccessRules {
        allowedChannels = ordered(allowedChannels);
        deniedChannels = ordered(deniedChannels);
        allowedUsers = ordered(allowedUsers);
        allowedUsergroups = ordered(allowedUsergroups);
        adminUsers = ordered(adminUsers);
    }

    /** No restriction on channels or starters, and no configured admins. */
    public static AccessRules open() {
        return new AccessRules(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** True when {@code GIGA_ALLOWED_USERS} or {@code GIGA_ALLOWED_USERGROUPS} limits who may start runs. */
    public boolean restrictsStarters() {
        return !allowedUsers.isEmpty() || !allowedUsergroups.isEmpty();
    }

    /**
     * True when {@link #mayStart} would depend on the person's user groups, i.e. when the caller has
     * to look them up ({@code usergroups.users.list}); false lets it skip that call.
     */
    public boolean needsUserGroups(String userId) {
        return !allowedUsergroups.isEmpty() && !allowedUsers.contains(userId) && !adminUsers.contains(userId);
    }

    /** True for a person the configuration names as an admin ({@code GIGA_ADMIN_USERS}). */
    public boolean isConfiguredAdmin(String userId) {
        return userId != null && adminUsers.contains(userId);
    }

    /**
     * May {@code userId} start a run in {@code channelId}?
     *
     * @param userGroupsOfUser the user groups the person belongs to; only those in
     *     {@code allowedUsergroups} matter, so the caller may pass just the allowed groups that
     *     contain the person (empty when {@link #needsUserGroups} is false)
     */
    public Decision mayStart(String channelId, String userId, Set<String> userGroupsOfUser) {
        if (channelId != null && deniedChannels.contains(channelId)) {
            return Decision.refused(Decision.Reason.CHANNEL_DENIED, "Giga runs can't be started in this channel"
                    + " (GIGA_DENIED_CHANNELS). " + (allowedChannels.isEmpty() ? "Start it in another channel."
                            : "Start it in " + channels("or") + "."));
        }
        if (!allowedChannels.isEmpty() && (channelId == null || !allowedChannels.contains(channelId))) {
            return Decision.refused(Decision.Reason.CHANNEL_NOT_ALLOWED, "Giga runs can only be started in "
                    + channels("and") + " (GIGA_ALLOWED_CHANNELS). Start it there.");
        }
        if (!restrictsStarters() || userId != null && (allowedUsers.contains(userId) || adminUsers.contains(userId)
                || inAllowedGroup(userGroupsOfUser))) {
            return Decision.allowed();
        }
        List<String> who = new ArrayList<>();
        if (!allowedUsers.isEmpty()) {
            who.addAll(PolicyWords.shown(allowedUsers, PolicyWords::user, "people"));
        }
        if (!allowedUsergroups.isEmpty()) {
            who.add("members of " + PolicyWords.list(allowedUsergroups, PolicyWords::userGroup, "or", "groups"));
        }
        if (!adminUsers.isEmpty()) {
            who.add("the app's admins");
        }
        List<String> settings = new ArrayList<>();
        if (!allowedUsers.isEmpty()) {
            settings.add("GIGA_ALLOWED_USERS");
        }
        if (!allowedUsergroups.isEmpty()) {
            settings.add("GIGA_ALLOWED_USERGROUPS");
        }
        return Decision.refused(Decision.Reason.USER_NOT_ALLOWED, "Only " + PolicyWords.join(who, "and") + " can start Giga runs ("
                + String.join(", ", settings) + "). Ask one of them to start it for you.");
    }

    /**
     * May {@code userId} stop, extend, retry or delete {@code run}? The words name the action
     * generally ("stop, extend, retry or delete"); use the four-argument form to name one.
     */
    public Decision mayControl(Run run, String userId, boolean isWorkspaceAdminOrOwner) {
        return mayControl(run, userId, isWorkspaceAdminOrOwner, "stop, extend, retry or delete");
    }

    /** May {@code userId} take {@code action} on {@code run}? */
    public Decision mayControl(Run run, String userId, boolean isWorkspaceAdminOrOwner, Control action) {
        return mayControl(run, userId, isWorkspaceAdminOrOwner, action.verb());
    }

    private Decision mayControl(Run run, String userId, boolean isWorkspaceAdminOrOwner, String verb) {
        if (userId != null && (userId.equals(run.requesterId()) || isWorkspaceAdminOrOwner
                || adminUsers.contains(userId))) {
            return Decision.allowed();
        }
        String who = adminUsers.isEmpty()
                ? PolicyWords.user(run.requesterId()) + " and the workspace's admins and owners"
                : PolicyWords.user(run.requesterId()) + ", workspace admins and owners, and the app's admins";
        return Decision.refused(Decision.Reason.NOT_OWNER, "Only " + who + " can " + verb + " this run.");
    }

    private boolean inAllowedGroup(Set<String> groups) {
        if (groups == null) {
            return false;
        }
        for (String g : groups) {
            if (allowedUsergroups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    private String channels(String conjunction) {
        return PolicyWords.list(allowedChannels, PolicyWords::channel, conjunction, "channels");
    }

    private static Set<String> ordered(Collection<String> ids) {
        return ids == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(ids));
    }
}
