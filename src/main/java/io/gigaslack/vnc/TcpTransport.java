package io.gigaslack.vnc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * RFB straight over TCP, for {@code vnc://host[:port]} (port 5900 by default) and {@code tcp://host:port}. Connect
 * and every read are bounded by the deadline; resolving a host name is not (the JDK offers no timeout for it).
 */
final class TcpTransport implements RfbTransport {
    static final int DEFAULT_VNC_PORT = 5900;

    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;

    private TcpTransport(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.input = new BufferedInputStream(new DeadlineInput(socket, deadline), 64 * 1024);
        this.output = new BufferedOutputStream(socket.getOutputStream());
    }

    static TcpTransport open(URI uri, Deadline deadline) throws IOException {
        int port = uri.getPort() != -1 ? uri.getPort() : DEFAULT_VNC_PORT;
        Socket socket = new Socket();
        try {
            // Small client messages must leave at once: the server waits for them before it answers.
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port), deadline.remainingMillisOrThrow());
            return new TcpTransport(socket, deadline);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    /** Each read may wait only as long as the deadline leaves (the socket timeout is set again before it). */
    private static final class DeadlineInput extends FilterInputStream {
        private final Socket socket;
        private final Deadline deadline;

        DeadlineInput(Socket socket, Deadline deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(deadline.remainingMillisOrThrow());
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(deadline.remainingMillisOrThrow());
            return super.read(b, off, len);
        }
    }
}
