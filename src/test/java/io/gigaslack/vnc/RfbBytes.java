package io.gigaslack.vnc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Server-to-client RFB messages as bytes, for scripts: written from the spec, not from the client's code. */
final class RfbBytes {
    private RfbBytes() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** "RFB 003.008\n" for {@code "003.008"}. */
    static byte[] version(String version) {
        return ascii("RFB " + version + "\n");
    }

    static byte[] u8(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] u16(int value) {
        return ByteBuffer.allocate(2).putShort((short) value).array();
    }

    static byte[] u32(long value) {
        return ByteBuffer.allocate(4).putInt((int) value).array();
    }

    /** A U32 length and UTF-8 text: failure reasons, desktop names, cut text. */
    static byte[] text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return concat(u32(b.length), b);
    }

    /** 3.7/3.8: a count and the types. */
    static byte[] securityTypes(int... types) {
        return concat(u8(types.length), u8(types));
    }

    /** ServerInit with a 32-bit big-endian pixel format the client is expected to replace. */
    static byte[] serverInit(int width, int height, String name) {
        byte[] pixelFormat = concat(u8(32, 24, 1, 1), u16(255), u16(255), u16(255), u8(16, 8, 0), u8(0, 0, 0));
        return concat(u16(width), u16(height), pixelFormat, text(name));
    }

    static byte[] updateHeader(int rectangles) {
        return concat(u8(0, 0), u16(rectangles));
    }

    static byte[] rectangleHeader(int x, int y, int w, int h, int encoding) {
        return concat(u16(x), u16(y), u16(w), u16(h), u32(encoding));
    }

    /** SetColourMapEntries with {@code count} colours (6 bytes each). */
    static byte[] colourMapEntries(int first, int count) {
        return concat(u8(1, 0), u16(first), u16(count), new byte[6 * count]);
    }

    static byte[] bell() {
        return u8(2);
    }

    static byte[] serverCutText(String text) {
        return concat(u8(3, 0, 0, 0), text(text));
    }
}
