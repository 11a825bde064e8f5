package io.gigaslack.vnc;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte pipe to an RFB server, whatever carries it (a TCP socket, WebSocket binary frames). Reads block at most
 * until the grab's deadline and then throw {@link java.net.SocketTimeoutException}; what is written is sent on
 * {@code flush()}, one client message (or a few) at a time.
 */
interface RfbTransport extends AutoCloseable {
    InputStream input();

    OutputStream output();

    /** Drops the connection at once; never throws, may be called twice. */
    @Override
    void close();
}
