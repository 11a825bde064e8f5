package io.gigaslack.vnc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Takes one frame of a remote desktop over RFB (VNC): connects, shakes hands, asks for the whole screen in Raw
 * encoding, reads until every pixel has arrived, and disconnects. Thread-safe; one instance can serve many grabs.
 *
 * <p>URLs: {@code ws://} and {@code wss://} carry RFB in WebSocket binary frames (websockify, Giga's streams);
 * {@code vnc://host[:port]} (default 5900) and {@code tcp://host:port} speak RFB over plain TCP.
 */
public final class FrameGrabber {
    /** Widest and tallest screen accepted; a server announcing more is refused, not believed. */
    public static final int MAX_SIDE = 8192;

    private final HttpClient httpClient;

    public FrameGrabber() {
        this(HttpClient.newHttpClient());
    }

    /** Uses {@code httpClient} for WebSocket URLs (its SSL context and proxy settings apply to wss://). */
    public FrameGrabber(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    }

    /** A frame from a server that needs no password (security type None). */
    public Frame grab(URI vncUrl, Duration timeout) throws VncException {
        return grab(vncUrl, null, timeout);
    }

    /**
     * A frame, within {@code timeout} for everything from connecting to the last pixel. {@code password} (null for
     * none) is used only if the server offers VNC Authentication and not None.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Frame grab(URI vncUrl, String password, Duration timeout) throws VncException {
        Objects.requireNonNull(vncUrl, "vncUrl");
        Objects.requireNonNull(timeout, "timeout");
        Grab.Opener opener = opener(vncUrl);
        return new Grab(vncUrl, Deadline.after(timeout), MAX_SIDE).run(opener, password);
    }

    private Grab.Opener opener(URI url) throws VncException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null) {
            throw unsupported("a VNC URL needs a host (" + (scheme.isEmpty() ? "no scheme" : scheme + "://") + ")");
        }
        if (url.getPort() > 65535) {
            throw unsupported("not a port number: " + url.getPort());
        }
        return switch (scheme) {
            case "ws", "wss" -> {
                if (url.getRawFragment() != null) {
                    throw unsupported("a WebSocket URL cannot have a fragment: " + SafeUrl.describe(url));
                }
                yield this::openWebSocket;
            }
            case "vnc" -> TcpTransport::open;
            case "tcp" -> {
                if (url.getPort() == -1) {
                    throw unsupported("a tcp:// VNC URL needs a port: " + SafeUrl.describe(url));
                }
                yield TcpTransport::open;
            }
            default -> throw unsupported("unsupported VNC URL scheme \"" + ServerText.clean(scheme)
                    + "\"; use ws://, wss://, vnc:// or tcp://");
        };
    }

    private RfbTransport openWebSocket(URI url, Deadline deadline) throws IOException {
        try {
            return WebSocketTransport.open(httpClient, url, deadline);
        } catch (IllegalArgumentException e) {
            // The JDK refuses some URLs (a fragment, say) only when asked to connect.
            throw new IOException("the JDK refused the WebSocket URL");
        }
    }

    private static VncException unsupported(String message) {
        return new VncException(VncException.Kind.UNSUPPORTED_URL, message);
    }
}
