package io.gigaslack.slack.web;

/**
 * What {@code files.info} says about a file: the fields the app reads to tell whether Slack hands its bytes out, and
 * how to get them. Strings Slack left out are null; {@code size} is -1 when it gave none.
 *
 * @param mode Slack's {@code mode}: {@code hosted} (an uploaded file), {@code external} (a link to another service,
 *     such as Google Drive), {@code snippet}, {@code post}, {@code tombstone} (deleted), {@code hidden_by_limit}, …
 * @param urlPrivateDownload where the bytes are, read with the bot token; null for files whose bytes Slack does not
 *     hold (external files, canvases)
 */
public record SlackFileInfo(String id, String name, String title, String mimetype, String filetype,
        String prettyType, String mode, boolean external, String externalType, long size, String urlPrivateDownload) {

    @Override
    public String toString() {
        // The download URL is not a secret on its own (it needs the token), but it says nothing a log needs.
        return "SlackFileInfo[id=" + id + ", name=" + name + ", mimetype=" + mimetype + ", filetype=" + filetype
                + ", mode=" + mode + ", external=" + external + ", size=" + size + "]";
    }
}
