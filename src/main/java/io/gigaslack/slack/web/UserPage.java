package io.gigaslack.slack.web;

import java.util.List;

/**
 * One page of the workspace's members as {@code users.list} answers it, with what the app needs to know of each.
 *
 * @param members this page's members, in Slack's order
 * @param nextCursor where the next page starts ({@code response_metadata.next_cursor}), or null on the last page
 */
public record UserPage(List<Member> members, String nextCursor) {

    /** Slack's own bot, listed like a person ({@code is_bot} false) but no one to tell anything. */
    public static final String SLACKBOT = "USLACKBOT";

    public UserPage {
        members = List.copyOf(members);
        nextCursor = nextCursor == null || nextCursor.isBlank() ? null : nextCursor;
    }

    /**
     * One member, with Slack's documented fields {@code is_admin}, {@code is_owner}, {@code is_primary_owner},
     * {@code deleted} and {@code is_bot}.
     */
    public record Member(String id, boolean admin, boolean owner, boolean primaryOwner, boolean deleted,
            boolean bot) {

        /**
         * A person who runs the workspace and can be written to: an admin or owner, not deactivated, neither a bot nor
         * Slackbot.
         */
        public boolean isActiveAdminOrOwner() {
            return (admin || owner || primaryOwner) && !deleted && !bot && !SLACKBOT.equals(id);
        }
    }
}
