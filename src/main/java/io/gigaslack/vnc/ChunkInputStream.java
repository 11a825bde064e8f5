package io.gigaslack.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of WebSocket binary frames as one stream: frames need not line up with RFB messages, so the protocol
 * reader just reads bytes and never sees where a frame ended. The WebSocket listener adds chunks on its thread; the
 * reader takes them on the grabbing thread and, through {@code onChunkTaken}, asks the WebSocket for the next one,
 * which bounds how much the server can make us buffer.
 */
final class ChunkInputStream extends InputStream {
    /** Marks the end of the stream; {@code failure} is null for an orderly close. */
    private record End(Throwable failure) {
    }

    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final Deadline deadline;
    private final Runnable onChunkTaken;
    private byte[] current = new byte[0];
    private int position;
    private End end;

    ChunkInputStream(Deadline deadline, Runnable onChunkTaken) {
        this.deadline = deadline;
        this.onChunkTaken = onChunkTaken;
    }

    /** Called by the WebSocket listener; {@code chunk} is the caller's own copy. */
    void add(byte[] chunk) {
        if (chunk.length > 0) {
            chunks.add(chunk);
        }
    }

    /** The server closed the WebSocket: reads return -1 once the chunks before it are consumed. */
    void endOfStream() {
        chunks.add(new End(null));
    }

    /** The WebSocket broke: reads throw once the chunks before it are consumed. */
    void fail(Throwable failure) {
        chunks.add(new End(failure));
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /** True when bytes are ready in {@code current}; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (position == current.length) {
            if (end != null) {
                return endOrThrow();
            }
            Object next = take();
            if (next instanceof End e) {
                end = e;
            } else {
                current = (byte[]) next;
                position = 0;
                onChunkTaken.run();
            }
        }
        return true;
    }

    private boolean endOrThrow() throws IOException {
        if (end.failure() == null) {
            return false;
        }
        throw new IOException("WebSocket failed: " + end.failure().getClass().getSimpleName(), end.failure());
    }

    private Object take() throws IOException {
        long nanos = deadline.remainingNanos();
        if (nanos <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        try {
            Object next = chunks.poll(nanos, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new SocketTimeoutException("deadline passed");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        }
    }
}
