package io.gigaslack.vnc;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The three client-to-server messages a frame needs. Pixels are asked for as 32-bit true colour, little-endian,
 * red at bit 16, green at 8, blue at 0: each pixel then arrives as the bytes B, G, R, unused, which
 * {@link Framebuffer} turns into 0xRRGGBB without looking up anything.
 */
final class ClientMessages {
    static final int SET_PIXEL_FORMAT = 0;
    static final int SET_ENCODINGS = 2;
    static final int FRAMEBUFFER_UPDATE_REQUEST = 3;
    static final int ENCODING_RAW = 0;
    static final int BYTES_PER_PIXEL = 4;

    private final DataOutputStream out;

    ClientMessages(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** SetPixelFormat, SetEncodings [Raw] and a full-screen FramebufferUpdateRequest, sent together. */
    void askForTheWholeScreen(int width, int height) throws IOException {
        setPixelFormat();
        setEncodings();
        writeUpdateRequest(width, height);
        out.flush();
    }

    /** Another non-incremental request, for servers that answer one in several updates. */
    void askAgain(int width, int height) throws IOException {
        writeUpdateRequest(width, height);
        out.flush();
    }

    private void setPixelFormat() throws IOException {
        out.writeByte(SET_PIXEL_FORMAT);
        out.write(new byte[3]);
        out.writeByte(BYTES_PER_PIXEL * 8); // bits per pixel
        out.writeByte(24); // depth
        out.writeByte(0); // big-endian: no
        out.writeByte(1); // true colour: yes
        out.writeShort(255); // red max
        out.writeShort(255); // green max
        out.writeShort(255); // blue max
        out.writeByte(16); // red shift
        out.writeByte(8); // green shift
        out.writeByte(0); // blue shift
        out.write(new byte[3]);
    }

    /** Raw only: every server must support it, and any other encoding we would have to decode. */
    private void setEncodings() throws IOException {
        out.writeByte(SET_ENCODINGS);
        out.writeByte(0);
        out.writeShort(1);
        out.writeInt(ENCODING_RAW);
    }

    private void writeUpdateRequest(int width, int height) throws IOException {
        out.writeByte(FRAMEBUFFER_UPDATE_REQUEST);
        out.writeByte(0); // incremental: no, we want every pixel
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(width);
        out.writeShort(height);
    }
}
