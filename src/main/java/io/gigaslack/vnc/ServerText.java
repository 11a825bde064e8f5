package io.gigaslack.vnc;

/** Text a server sent (failure reasons, desktop names), made fit for a one-line log message. */
final class ServerText {
    static final int MAX_SHOWN = 200;

    private ServerText() {
    }

    /** Control characters become spaces (no forged log lines), and long text is cut. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN + 1));
        for (int i = 0; i < text.length() && out.length() < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_SHOWN) {
            out.append('…');
        }
        return out.toString().strip();
    }
}
