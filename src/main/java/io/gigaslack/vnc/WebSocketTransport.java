package io.gigaslack.vnc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RFB inside WebSocket binary frames ({@code ws://}, {@code wss://}), the way websockify and noVNC carry it. Offers
 * the subprotocol "binary", which websockify accepts (it also accepts none), and sends an Origin header. Received frames go into a
 * {@link ChunkInputStream}; each {@code flush()} of the output sends one binary frame and waits for it to leave.
 */
final class WebSocketTransport implements RfbTransport {
    static final String SUBPROTOCOL = "binary";
    /** Frames the server may have delivered but we not yet read: a bound on buffered memory. */
    private static final int WINDOW = 16;

    private final WebSocket webSocket;
    private final ChunkInputStream input;
    private final FrameOutput output;

    private WebSocketTransport(WebSocket webSocket, ChunkInputStream input, Deadline deadline) {
        this.webSocket = webSocket;
        this.input = input;
        this.output = new FrameOutput(webSocket, deadline);
    }

    static WebSocketTransport open(HttpClient client, URI uri, Deadline deadline) throws IOException {
        Listener listener = new Listener(deadline);
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder()
                .subprotocols(SUBPROTOCOL)
                .header("Origin", origin(uri))
                .connectTimeout(Duration.ofNanos(Math.max(1, deadline.remainingNanos())))
                .buildAsync(uri, listener);
        try {
            WebSocket webSocket = opening.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            return new WebSocketTransport(webSocket, listener.input, deadline);
        } catch (TimeoutException e) {
            abortWhenOpened(opening);
            throw new SocketTimeoutException("no answer to the WebSocket handshake");
        } catch (InterruptedException e) {
            abortWhenOpened(opening);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the WebSocket handshake");
        } catch (ExecutionException e) {
            throw openingFailure(e.getCause());
        }
    }

    /**
     * The server's own origin, as a page served next to it would send. Some servers (libvncserver's built-in
     * WebSocket support, used by x11vnc) close the connection silently on a handshake without Origin.
     */
    static String origin(URI uri) {
        String scheme = "wss".equalsIgnoreCase(uri.getScheme()) ? "https" : "http";
        return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** A handshake we stopped waiting for may still succeed later: drop that connection then. */
    private static void abortWhenOpened(CompletableFuture<WebSocket> opening) {
        opening.whenComplete((webSocket, failure) -> {
            if (webSocket != null) {
                webSocket.abort();
            }
        });
    }

    private static IOException openingFailure(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException h) {
            return new IOException("WebSocket handshake refused with HTTP status " + h.getResponse().statusCode());
        }
        if (cause instanceof HttpTimeoutException) {
            return new SocketTimeoutException("no answer to the WebSocket handshake");
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /**
     * Aborts rather than closing politely: the frame is taken (or the grab failed), and a close handshake would only
     * add a wait on a server that may be stalled.
     */
    @Override
    public void close() {
        webSocket.abort();
        input.endOfStream();
    }

    /** Feeds received binary frames into the input and keeps {@link #WINDOW} frames requested. */
    private static final class Listener implements WebSocket.Listener {
        private final ChunkInputStream input;
        private volatile WebSocket webSocket;

        Listener(Deadline deadline) {
            this.input = new ChunkInputStream(deadline, () -> webSocket.request(1));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.webSocket = webSocket;
            webSocket.request(WINDOW);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // The JDK may reuse the buffer once we return: copy it.
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            input.add(chunk);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            input.fail(new IOException("the server sent a text frame; RFB over WebSocket travels in binary frames"));
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // The JDK answers with a Pong itself; a ping carries no RFB bytes, so the window is not used up.
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            input.endOfStream();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            input.fail(error);
        }
    }

    /** Collects a client message and sends it as one binary frame on flush, waiting no longer than the deadline. */
    private static final class FrameOutput extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final WebSocket webSocket;
        private final Deadline deadline;

        FrameOutput(WebSocket webSocket, Deadline deadline) {
            this.webSocket = webSocket;
            this.deadline = deadline;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            ByteBuffer frame = ByteBuffer.wrap(pending.toByteArray());
            pending.reset();
            try {
                webSocket.sendBinary(frame, true).get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new SocketTimeoutException("could not send to the server before the deadline");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sending to the server");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }
}
