package io.gigaslack.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * What a client sends after ServerInit (SetPixelFormat, SetEncodings, FramebufferUpdateRequest), read by a script;
 * the fake server then encodes pixels in the format the client asked for, as a real server does.
 */
record ClientSetup(PixelFormat format, List<Integer> encodings, Request request) {

    /** A FramebufferUpdateRequest. */
    record Request(boolean incremental, int x, int y, int width, int height) {
        static Request read(ScriptedRfbServer.Peer peer) throws IOException {
            assertThat(peer.u8()).as("FramebufferUpdateRequest message type").isEqualTo(3);
            ByteBuffer b = ByteBuffer.wrap(peer.read(9));
            return new Request(b.get() != 0, b.getShort() & 0xFFFF, b.getShort() & 0xFFFF, b.getShort() & 0xFFFF,
                    b.getShort() & 0xFFFF);
        }
    }

    /** A SetPixelFormat body. */
    record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour, int redMax, int greenMax,
            int blueMax, int redShift, int greenShift, int blueShift) {

        static PixelFormat read(ScriptedRfbServer.Peer peer) throws IOException {
            assertThat(peer.u8()).as("SetPixelFormat message type").isEqualTo(0);
            ByteBuffer b = ByteBuffer.wrap(peer.read(19));
            b.position(3);
            return new PixelFormat(b.get() & 0xFF, b.get() & 0xFF, b.get() != 0, b.get() != 0, b.getShort() & 0xFFFF,
                    b.getShort() & 0xFFFF, b.getShort() & 0xFFFF, b.get() & 0xFF, b.get() & 0xFF, b.get() & 0xFF);
        }

        /** One 0xRRGGBB pixel in this (32-bit true colour) format. */
        byte[] encode(int rgb) {
            assertThat(bitsPerPixel).as("bits per pixel this fake can encode").isEqualTo(32);
            long value = (long) scale(rgb >> 16, redMax) << redShift | (long) scale(rgb >> 8, greenMax) << greenShift
                    | (long) scale(rgb, blueMax) << blueShift;
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int shift = bigEndian ? 8 * (3 - i) : 8 * i;
                b[i] = (byte) (value >>> shift);
            }
            return b;
        }

        private static int scale(int channel, int max) {
            return (channel & 0xFF) * max / 255;
        }
    }

    static ClientSetup read(ScriptedRfbServer.Peer peer) throws IOException {
        PixelFormat format = PixelFormat.read(peer);
        assertThat(peer.u8()).as("SetEncodings message type").isEqualTo(2);
        peer.u8();
        ByteBuffer count = ByteBuffer.wrap(peer.read(2));
        List<Integer> encodings = new ArrayList<>();
        for (int i = 0, n = count.getShort() & 0xFFFF; i < n; i++) {
            encodings.add(ByteBuffer.wrap(peer.read(4)).getInt());
        }
        return new ClientSetup(format, encodings, Request.read(peer));
    }

    /** A Raw rectangle (header and pixels) of {@code picture}, in the client's format. */
    byte[] rawRectangle(int x, int y, int w, int h, IntBinaryOperator picture) {
        byte[][] parts = new byte[w * h + 1][];
        parts[0] = RfbBytes.rectangleHeader(x, y, w, h, 0);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                parts[1 + row * w + col] = format.encode(picture.applyAsInt(x + col, y + row));
            }
        }
        return RfbBytes.concat(parts);
    }
}
