package io.gigaslack.slack;

import com.slack.api.model.File;
import io.gigaslack.service.InputFileSource;
import io.gigaslack.service.InputFiles;
import io.gigaslack.slack.web.DownloadTooLarge;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackFileInfo;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files people attach in Slack, as the agent's jobs need them: what a file is ({@code files.info}), told apart into the
 * ones Slack hands out as bytes and the ones it does not (a Google Drive or other linked file, a canvas, a deleted file,
 * one hidden by the workspace's storage limit), and its bytes, downloaded with the bot token. Slack's errors become
 * plain words for the thread. Also reads the files a Slack request carries (mention, shortcut, modal).
 */
public final class SlackFiles implements InputFileSource {
    /** Linked-file services by Slack's {@code external_type}. */
    private static final Map<String, String> SERVICES = Map.of("gdrive", "Google Drive", "dropbox", "Dropbox",
            "box", "Box", "onedrive", "OneDrive", "sharepoint", "SharePoint");
    /** How Slack marks a canvas: its file type, or its MIME type. */
    private static final Set<String> CANVAS_TYPES = Set.of("quip", "canvas");
    private static final String CANVAS_MIME = "application/vnd.slack-docs";

    private final SlackWorkspaces slack;

    public SlackFiles(SlackGateway slack) {
        this(SlackWorkspaces.single(slack));
    }

    /** Each file is read with the bot token of the workspace it was shared in. */
    public SlackFiles(SlackWorkspaces slack) {
        this.slack = slack;
    }

    @Override
    public Described describe(String teamId, String fileId) {
        SlackFileInfo f;
        try {
            f = slack.team(teamId).fileInfo(fileId);
        } catch (SlackCallException e) {
            throw unavailable(e, "describe");
        }
        return classify(f);
    }

    /** Whether Slack hands the file's bytes out and, if not, why (in words for the thread). */
    static Described classify(SlackFileInfo f) {
        String name = f.name() != null && !f.name().isBlank() ? f.name() : f.title() == null ? "" : f.title();
        String mode = f.mode() == null ? "" : f.mode().toLowerCase(Locale.ROOT);
        if (mode.equals("tombstone")) {
            return new NotDownloadable(name, "it was deleted from Slack");
        }
        if (mode.equals("hidden_by_limit")) {
            return new NotDownloadable(name, "Slack hides it behind the workspace's file storage limit");
        }
        if (f.external() || mode.equals("external")) {
            String service = f.externalType() == null ? null
                    : SERVICES.get(f.externalType().toLowerCase(Locale.ROOT));
            return new NotDownloadable(name, (service == null ? "a link to a file kept outside Slack"
                    : "a " + service + " file") + ": Slack holds only a link to it, which the app cannot open."
                    + " Download it and attach the file itself");
        }
        if (isCanvas(f)) {
            return new NotDownloadable(name, "a Slack canvas, which Slack does not hand out as a file."
                    + " Download it (canvas menu → Download) and attach that file");
        }
        if (f.urlPrivateDownload() == null || f.urlPrivateDownload().isBlank()) {
            String what = f.prettyType() == null || f.prettyType().isBlank() ? "this kind of file"
                    : "a " + f.prettyType();
            return new NotDownloadable(name, "Slack offers no download of " + what);
        }
        return new Downloadable(name, f.mimetype() == null || f.mimetype().isBlank()
                ? "application/octet-stream" : f.mimetype(), f.size(), f.urlPrivateDownload());
    }

    private static boolean isCanvas(SlackFileInfo f) {
        return (f.filetype() != null && CANVAS_TYPES.contains(f.filetype().toLowerCase(Locale.ROOT)))
                || CANVAS_MIME.equalsIgnoreCase(f.mimetype())
                || "canvas".equalsIgnoreCase(f.prettyType());
    }

    @Override
    public long download(String teamId, Downloadable file, long maxBytes, Path target) {
        SlackGateway.Download d;
        try {
            d = slack.team(teamId).downloadFile(file.location(), maxBytes, target);
        } catch (DownloadTooLarge e) {
            throw new TooLarge(maxBytes);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("Slack gave a download address outside Slack, which the app does not follow", false,
                    null);
        } catch (SlackCallException e) {
            throw unavailable(e, "download");
        }
        boolean htmlExpected = file.mimeType().toLowerCase(Locale.ROOT).startsWith("text/html");
        if ("text/html".equalsIgnoreCase(d.contentType()) && !htmlExpected) {
            // Slack answers a download it does not authorise with its sign-in page, status 200.
            throw new Unavailable("Slack sent its sign-in page instead of the file: the app needs the files:read"
                    + " scope (add it under OAuth & Permissions and reinstall the app)", false, null);
        }
        return d.bytes();
    }

    private static Unavailable unavailable(SlackCallException e, String step) {
        if (e.retryable()) {
            return new Unavailable("Slack did not answer (" + e.error() + ")", true, e.retryAfter());
        }
        String why = switch (e.error()) {
            case "file_not_found", "file_deleted" -> "Slack no longer has it (it was deleted, or the app cannot see it)";
            case "missing_scope", "not_allowed_token_type", "no_permission" ->
                    "the app may not read files: add the files:read scope under OAuth & Permissions and reinstall the"
                            + " app";
            case "access_denied" -> "Slack does not let the app read it (a file another organisation shared in a"
                    + " Slack Connect channel)";
            case "HTTP 401", "HTTP 403" -> "Slack refused the app the file's bytes (" + e.error() + ")";
            case "HTTP 404", "HTTP 410" -> "Slack no longer has the file's bytes (" + e.error() + ")";
            default -> step.equals("download") ? "Slack refused the download (" + e.error() + ")"
                    : "Slack refused to describe it (" + e.error() + ")";
        };
        return new Unavailable(why, false, null);
    }

    /** The files a Slack request carries, by id and the name it gave (none for a Slack Connect file's stub). */
    static List<InputFiles.Attached> attached(List<File> files) {
        List<InputFiles.Attached> out = new ArrayList<>();
        if (files != null) {
            for (File f : files) {
                if (f != null && InputFiles.Attached.isFileId(f.getId())) {
                    String name = f.getName() == null || f.getName().isBlank() ? null : f.getName();
                    out.add(new InputFiles.Attached(f.getId(), name));
                }
            }
        }
        return out;
    }
}
