package io.gigaslack.vnc;

import java.io.IOException;

/**
 * Reads server messages until every pixel of the screen has arrived. FramebufferUpdate rectangles (Raw only, since
 * that is all we ask for) are painted; SetColourMapEntries, Bell and ServerCutText may come in between and are
 * read to their end and dropped. Anything else is a message we never asked for and whose length we cannot know.
 */
final class UpdateReader {
    static final int FRAMEBUFFER_UPDATE = 0;
    static final int SET_COLOUR_MAP_ENTRIES = 1;
    static final int BELL = 2;
    static final int SERVER_CUT_TEXT = 3;

    private final RfbInput in;
    private final ClientMessages client;

    UpdateReader(RfbInput in, ClientMessages client) {
        this.in = in;
        this.client = client;
    }

    void readUntilComplete(Framebuffer screen) throws IOException, VncException {
        while (!screen.complete()) {
            int type = in.u8();
            switch (type) {
                case FRAMEBUFFER_UPDATE -> {
                    readUpdate(screen);
                    if (!screen.complete()) {
                        client.askAgain(screen.width(), screen.height());
                    }
                }
                case SET_COLOUR_MAP_ENTRIES -> {
                    in.skip(3); // padding, first colour
                    in.skip(6L * in.u16());
                }
                case BELL -> {
                    // Nothing follows the type.
                }
                case SERVER_CUT_TEXT -> {
                    in.skip(3);
                    in.skip(in.u32());
                }
                default -> throw new VncException(VncException.Kind.PROTOCOL,
                        "the server sent message type " + type + ", which this client never asked for");
            }
        }
    }

    private void readUpdate(Framebuffer screen) throws IOException, VncException {
        in.u8(); // padding
        int rectangles = in.u16();
        for (int i = 0; i < rectangles; i++) {
            int x = in.u16();
            int y = in.u16();
            int w = in.u16();
            int h = in.u16();
            int encoding = in.s32();
            if (encoding != ClientMessages.ENCODING_RAW) {
                throw new VncException(VncException.Kind.PROTOCOL, "the server sent a rectangle in encoding "
                        + encoding + "; this client asked for Raw (0) only");
            }
            if (!screen.contains(x, y, w, h)) {
                throw new VncException(VncException.Kind.PROTOCOL, "the server sent a " + w + "x" + h
                        + " rectangle at " + x + "," + y + ", outside its " + screen.width() + "x"
                        + screen.height() + " screen");
            }
            readRaw(screen, x, y, w, h);
        }
    }

    private void readRaw(Framebuffer screen, int x, int y, int w, int h) throws IOException {
        byte[] row = new byte[w * ClientMessages.BYTES_PER_PIXEL];
        for (int r = 0; r < h; r++) {
            in.readFully(row);
            screen.paintRow(x, y + r, w, row);
        }
    }
}
