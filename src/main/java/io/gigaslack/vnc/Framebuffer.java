package io.gigaslack.vnc;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.BitSet;

/**
 * The screen being assembled from rectangles, and which of its pixels have arrived. Pixels are written straight
 * into the image's own int array, so a frame costs its size once.
 */
final class Framebuffer {
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int[] pixels;
    private final BitSet covered;

    Framebuffer(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        this.covered = new BitSet(width * height);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** True if the rectangle lies on the screen: a server that sends one off it is refused, not trusted. */
    boolean contains(int x, int y, int w, int h) {
        return x + w <= width && y + h <= height;
    }

    /** One row of a Raw rectangle, {@code w} pixels as B, G, R, unused (see {@link ClientMessages}). */
    void paintRow(int x, int y, int w, byte[] row) {
        int at = y * width + x;
        for (int i = 0, b = 0; i < w; i++, b += ClientMessages.BYTES_PER_PIXEL) {
            pixels[at + i] = (row[b + 2] & 0xFF) << 16 | (row[b + 1] & 0xFF) << 8 | row[b] & 0xFF;
        }
        covered.set(at, at + w);
    }

    boolean complete() {
        return covered.cardinality() == width * height;
    }

    BufferedImage image() {
        return image;
    }
}
