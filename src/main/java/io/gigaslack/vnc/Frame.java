package io.gigaslack.vnc;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** One picture of a remote desktop: its size, its pixels and the same as PNG. Immutable. */
public final class Frame {
    private final BufferedImage image;
    private final byte[] png;

    private Frame(BufferedImage image, byte[] png) {
        this.image = image;
        this.png = png;
    }

    /** Takes ownership of {@code image}: nobody else may change it afterwards. */
    static Frame of(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e); // cannot happen: no I/O involved
        }
        return new Frame(image, out.toByteArray());
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The frame as a PNG file (a copy each call). */
    public byte[] png() {
        return png.clone();
    }

    /** The colour at ({@code x}, {@code y}) as 0xRRGGBB. */
    public int rgb(int x, int y) {
        return image.getRGB(x, y) & 0xFF_FFFF;
    }

    @Override
    public String toString() {
        return "Frame[" + width() + "x" + height() + ", " + png.length + " bytes of PNG]";
    }
}
