package io.gigaslack.vnc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * A fake RFB server for one client, playing a script written in the test, over plain TCP or inside WebSocket
 * binary frames (each {@link Peer#send} is one TCP write or one frame, so a script decides exactly how the bytes
 * are cut). Afterwards the test asks whether the script passed and whether the client hung up.
 */
final class ScriptedRfbServer implements AutoCloseable {
    /** What carries the RFB bytes. */
    enum Carrier { TCP, WEBSOCKET }

    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The URL's secret parts: a test checks none of them leaks into messages. */
    static final String SECRET_PATH = "/stream/s3cret-path";
    static final String SECRET_QUERY = "token=s3cret-token";

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CompletableFuture<Void> scriptDone = new CompletableFuture<>();
    private final CompletableFuture<Void> hungUp = new CompletableFuture<>();
    private final Front front;

    private ScriptedRfbServer(Carrier carrier, Script script) throws Exception {
        this.front = carrier == Carrier.TCP ? new TcpFront(script) : new WebSocketFront(script);
    }

    static ScriptedRfbServer start(Carrier carrier, Script script) throws Exception {
        return new ScriptedRfbServer(carrier, script);
    }

    /** {@code tcp://127.0.0.1:port} or {@code ws://127.0.0.1:port/stream/…?token=…}. */
    URI url() {
        return front.url();
    }

    /** A header of the client's WebSocket handshake, e.g. Sec-WebSocket-Protocol (null over TCP). */
    String handshakeHeader(String name) {
        return front instanceof WebSocketFront ws && ws.handshake != null ? ws.handshake.getFieldValue(name) : null;
    }

    /** Waits for the script and rethrows what failed in it (an assertion on what the client sent, say). */
    void assertScriptPassed() throws Exception {
        try {
            scriptDone.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    /** True if the client closed the connection within {@code within}. */
    boolean clientHungUpWithin(Duration within) throws InterruptedException {
        try {
            hungUp.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    @Override
    public void close() throws Exception {
        front.close();
    }

    /** Runs the script, then reads (and drops) whatever the client still sends until it hangs up. */
    private void play(Script script, Peer peer) {
        try {
            script.run(peer);
            scriptDone.complete(null);
        } catch (Throwable t) {
            scriptDone.completeExceptionally(t);
        }
        try {
            peer.drainUntilHangUp();
        } catch (IOException e) {
            // A reset is a hang-up too.
        }
        hungUp.complete(null);
    }

    private interface Front extends AutoCloseable {
        URI url();
    }

    /** The server's end of the conversation, as a script sees it. */
    abstract static class Peer {
        private final DataInputStream in;

        Peer(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /** One write (TCP) or one binary frame (WebSocket) of all parts together. */
        abstract void write(byte[] bytes) throws IOException;

        /** The server closes the connection. */
        abstract void hangUp() throws IOException;

        void send(byte[]... parts) throws IOException {
            write(RfbBytes.concat(parts));
        }

        /** The parts cut into pieces of {@code size} bytes, each its own write or frame. */
        void sendInPieces(int size, byte[]... parts) throws IOException {
            byte[] all = RfbBytes.concat(parts);
            for (int i = 0; i < all.length; i += size) {
                write(Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
            }
        }

        byte[] read(int n) throws IOException {
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        int u8() throws IOException {
            return in.readUnsignedByte();
        }

        /** Blocks until the client closes the connection (at most {@link #WAIT}). */
        void drainUntilHangUp() throws IOException {
            long end = System.nanoTime() + WAIT.toNanos();
            byte[] sink = new byte[4096];
            while (System.nanoTime() < end) {
                if (readSome(sink) < 0) {
                    return;
                }
            }
            throw new SocketTimeoutException("the client did not hang up within " + WAIT);
        }

        int readSome(byte[] sink) throws IOException {
            return in.read(sink);
        }
    }

    private final class TcpFront implements Front {
        private final ServerSocket server = new ServerSocket();

        TcpFront(Script script) throws IOException {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread thread = new Thread(() -> accept(script), "scripted-rfb-tcp");
            thread.setDaemon(true);
            thread.start();
        }

        private void accept(Script script) {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true); // each write leaves as its own segment: the client sees the pieces
                socket.setSoTimeout((int) WAIT.toMillis());
                OutputStream out = socket.getOutputStream();
                play(script, new Peer(socket.getInputStream()) {
                    @Override
                    void write(byte[] bytes) throws IOException {
                        out.write(bytes);
                        out.flush();
                    }

                    @Override
                    void hangUp() throws IOException {
                        socket.close();
                    }
                });
            } catch (IOException e) {
                scriptDone.completeExceptionally(e);
                hungUp.complete(null);
            }
        }

        @Override
        public URI url() {
            return URI.create("tcp://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private final class WebSocketFront extends WebSocketServer implements Front {
        private final CountDownLatch started = new CountDownLatch(1);
        private final Script script;
        private volatile PipedOutputStream toScript;
        private volatile ClientHandshake handshake;

        WebSocketFront(Script script) throws InterruptedException {
            super(new InetSocketAddress("127.0.0.1", 0),
                    List.of(new Draft_6455(List.of(), List.of(new Protocol("binary"), new Protocol("")))));
            this.script = script;
            setDaemon(true);
            start();
            if (!started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("WebSocket server did not start");
            }
        }

        @Override
        public URI url() {
            return URI.create("ws://127.0.0.1:" + getPort() + SECRET_PATH + "?" + SECRET_QUERY);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            this.handshake = handshake;
            try {
                PipedInputStream fromClient = new PipedInputStream(64 * 1024);
                toScript = new PipedOutputStream(fromClient);
                Peer peer = new Peer(fromClient) {
                    @Override
                    void write(byte[] bytes) {
                        conn.send(bytes);
                    }

                    @Override
                    void hangUp() {
                        conn.close();
                    }
                };
                Thread thread = new Thread(() -> play(script, peer), "scripted-rfb-ws");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                scriptDone.completeExceptionally(e);
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            try {
                toScript.write(bytes);
                toScript.flush();
            } catch (IOException e) {
                // The script ended and stopped reading; nothing to pass on.
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            scriptDone.completeExceptionally(new AssertionError("client sent a text frame: " + message));
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            try {
                toScript.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                scriptDone.completeExceptionally(ex);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop(1000);
        }
    }
}
