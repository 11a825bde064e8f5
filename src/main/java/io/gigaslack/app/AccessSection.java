package io.gigaslack.app;

import io.gigaslack.runs.AccessRules;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the configuration's access section into the run rules' {@link AccessRules}. */
final class AccessSection {
    /** Channel ids: public ({@code C}), private or older group ({@code G}), direct message ({@code D}). */
    static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    /** Member ids: {@code U}, or {@code W} in Enterprise Grid. */
    static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    /** User group ids. */
    static final Pattern USERGROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    private AccessSection() {}

    static AccessRules read(SettingValues v) {
        Set<String> allowedChannels = v.ids(Setting.GIGA_ALLOWED_CHANNELS, CHANNEL_ID, "channel ids (C…, G… or D…");
        Set<String> deniedChannels = v.ids(Setting.GIGA_DENIED_CHANNELS, CHANNEL_ID, "channel ids (C…, G… or D…");
        Set<String> both = new LinkedHashSet<>(allowedChannels);
        both.retainAll(deniedChannels);
        if (!both.isEmpty()) {
            v.bad(Setting.GIGA_DENIED_CHANNELS, "lists " + both + ", which GIGA_ALLOWED_CHANNELS also lists");
        }
        Set<String> allowedUsers = v.ids(Setting.GIGA_ALLOWED_USERS, USER_ID, "member ids (U… or W…");
        Set<String> allowedGroups = v.ids(Setting.GIGA_ALLOWED_USERGROUPS, USERGROUP_ID, "user group ids (S…");
        Set<String> adminUsers = v.ids(Setting.GIGA_ADMIN_USERS, USER_ID, "member ids (U… or W…");
        return new AccessRules(allowedChannels, deniedChannels, allowedUsers, allowedGroups, adminUsers);
    }
}
