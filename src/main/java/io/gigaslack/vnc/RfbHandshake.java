package io.gigaslack.vnc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of RFB's opening, step by step: ProtocolVersion (3.3, 3.7 or 3.8), security (None, or VNC
 * Authentication when a password is given), ClientInit (shared, so we never disconnect a viewer) and ServerInit.
 */
final class RfbHandshake {
    /** Longest failure reason or desktop name accepted: real ones are a line. */
    static final int MAX_TEXT = 64 * 1024;
    private static final Pattern VERSION = Pattern.compile("RFB (\\d{3})\\.(\\d{3})\n");

    private final RfbInput in;
    private final OutputStream out;
    private int minor;

    RfbHandshake(RfbInput in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Reads the server's version and answers with the one both speak. Per the RFB spec a 3.x minor other than 3, 7
     * and 8 is treated as 3.3, except that anything from 3.8 up (Apple's 3.889, later majors) gets 3.8.
     */
    void negotiateVersion() throws IOException, VncException {
        byte[] raw = in.bytes(12);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            throw new VncException(VncException.Kind.PROTOCOL,
                    "not an RFB server: it began with \"" + ServerText.clean(text) + "\"");
        }
        int major = Integer.parseInt(m.group(1));
        int serverMinor = Integer.parseInt(m.group(2));
        if (major < 3 || major == 3 && serverMinor < 3) {
            throw new VncException(VncException.Kind.PROTOCOL,
                    "the server speaks RFB " + major + "." + serverMinor + ", older than 3.3");
        }
        minor = major > 3 || serverMinor >= 8 ? 8 : serverMinor == 7 ? 7 : 3;
        out.write(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The minor version agreed on: 3, 7 or 8. */
    int minor() {
        return minor;
    }

    /** Agrees on a security type and passes it; {@code password} may be null. */
    void negotiateSecurity(String password) throws IOException, VncException {
        if (minor == 3) {
            securityChosenByServer(password);
            return;
        }
        int count = in.u8();
        if (count == 0) {
            throw refused("the server refused the connection: " + reason());
        }
        List<Integer> offered = new ArrayList<>();
        for (byte b : in.bytes(count)) {
            offered.add(b & 0xFF);
        }
        int chosen = choose(offered, password != null);
        out.write(chosen);
        out.flush();
        if (chosen == SecurityTypes.VNC_AUTHENTICATION) {
            answerChallenge(password);
        }
        // 3.7 sends no SecurityResult after None; 3.8 always does, with a reason when it fails.
        if (chosen == SecurityTypes.VNC_AUTHENTICATION || minor == 8) {
            securityResult(minor == 8);
        }
    }

    /** In 3.3 the server picks the type and sends it as a U32. */
    private void securityChosenByServer(String password) throws IOException, VncException {
        long type = in.u32();
        if (type == SecurityTypes.INVALID) {
            throw refused("the server refused the connection: " + reason());
        }
        if (type == SecurityTypes.NONE) {
            return;
        }
        if (type == SecurityTypes.VNC_AUTHENTICATION && password != null) {
            answerChallenge(password);
            securityResult(false);
            return;
        }
        throw unsupported(List.of((int) Math.min(type, Integer.MAX_VALUE)), password != null);
    }

    private static int choose(List<Integer> offered, boolean havePassword) throws VncException {
        if (offered.contains(SecurityTypes.NONE)) {
            return SecurityTypes.NONE;
        }
        if (havePassword && offered.contains(SecurityTypes.VNC_AUTHENTICATION)) {
            return SecurityTypes.VNC_AUTHENTICATION;
        }
        throw unsupported(offered, havePassword);
    }

    private static VncException unsupported(List<Integer> offered, boolean havePassword) {
        String names = SecurityTypes.names(offered);
        if (offered.contains(SecurityTypes.VNC_AUTHENTICATION) && !havePassword) {
            return new VncException(VncException.Kind.UNSUPPORTED_SECURITY,
                    "the server wants a password (it offers " + names + ") and none was given");
        }
        return new VncException(VncException.Kind.UNSUPPORTED_SECURITY, "the server offers only " + names
                + "; this client supports " + SecurityTypes.name(SecurityTypes.NONE) + " and "
                + SecurityTypes.name(SecurityTypes.VNC_AUTHENTICATION) + " with a password");
    }

    private void answerChallenge(String password) throws IOException {
        byte[] challenge = in.bytes(VncAuthentication.CHALLENGE_LENGTH);
        out.write(VncAuthentication.response(challenge, password));
        out.flush();
    }

    private void securityResult(boolean withReason) throws IOException, VncException {
        long result = in.u32();
        if (result == 0) {
            return;
        }
        throw refused(withReason ? "the server refused the security handshake: " + reason()
                : "the server refused the security handshake (wrong password?)");
    }

    private String reason() throws IOException, VncException {
        String reason = ServerText.clean(in.text(MAX_TEXT, "failure reason"));
        return reason.isEmpty() ? "(no reason given)" : reason;
    }

    private static VncException refused(String message) {
        return new VncException(VncException.Kind.AUTHENTICATION_FAILED, message);
    }

    /** ClientInit with shared=1, then ServerInit; refuses sizes over {@code maxSide} (or empty screens). */
    ServerInit initialise(int maxSide) throws IOException, VncException {
        out.write(1);
        out.flush();
        int width = in.u16();
        int height = in.u16();
        in.bytes(16); // the server's pixel format: replaced by ours before any pixel is sent
        if (width == 0 || height == 0 || width > maxSide || height > maxSide) {
            throw new VncException(VncException.Kind.PROTOCOL, "the server announced a " + width + "x" + height
                    + " screen; this client takes frames from 1x1 up to " + maxSide + "x" + maxSide);
        }
        return new ServerInit(width, height, ServerText.clean(in.text(MAX_TEXT, "desktop name")));
    }
}
