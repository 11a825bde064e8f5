package io.gigaslack.viewer;

import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code GET /novnc/…}: the local copy of noVNC's modules, for installations that must not load it from a CDN. Only
 * the files {@link NoVnc} hashed are served (so nothing else under the directory, and no path outside it).
 */
public final class NoVncFiles implements Route {
    private final NoVnc noVnc;

    public NoVncFiles(NoVnc noVnc) {
        if (noVnc.localDir() == null) {
            throw new IllegalArgumentException("noVNC is not served locally");
        }
        this.noVnc = noVnc;
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        String path = call.path().substring(NoVnc.LOCAL_PATH.length());
        if (!noVnc.integrity().containsKey(path)) {
            call.respond(404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        Path file = noVnc.localDir().resolve(path).normalize();
        if (!file.startsWith(noVnc.localDir())) {
            call.respond(404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        call.respond(200, "text/javascript; charset=utf-8", Files.readAllBytes(file), Map.of(
                "Cache-Control", "public, max-age=3600", "X-Content-Type-Options", "nosniff",
                // Module scripts are fetched in CORS mode; the page is on the same origin, nothing else needs them.
                "Cross-Origin-Resource-Policy", "same-origin"));
    }
}
