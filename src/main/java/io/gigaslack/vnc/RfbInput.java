package io.gigaslack.vnc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The server's side of the conversation as RFB's types: big-endian unsigned integers and length-prefixed text. */
final class RfbInput {
    private final DataInputStream in;

    RfbInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    int u8() throws IOException {
        return in.readUnsignedByte();
    }

    int u16() throws IOException {
        return in.readUnsignedShort();
    }

    /** An unsigned 32-bit value. */
    long u32() throws IOException {
        return in.readInt() & 0xFFFF_FFFFL;
    }

    int s32() throws IOException {
        return in.readInt();
    }

    byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    void readFully(byte[] b) throws IOException {
        in.readFully(b);
    }

    /** Reads and drops {@code n} bytes without holding them all (cut text can be long). */
    void skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        for (long left = n; left > 0; ) {
            int chunk = (int) Math.min(left, sink.length);
            in.readFully(sink, 0, chunk);
            left -= chunk;
        }
    }

    /**
     * A U32 length and that many bytes of text (a failure reason, the desktop name); longer than {@code max} means
     * the server is broken or hostile, and we refuse rather than allocate.
     */
    String text(int max, String what) throws IOException, VncException {
        long length = u32();
        if (length > max) {
            throw new VncException(VncException.Kind.PROTOCOL,
                    "the server announced a " + what + " of " + length + " bytes (at most " + max + " accepted)");
        }
        return new String(bytes((int) length), StandardCharsets.UTF_8);
    }
}
