package io.gigaslack.vnc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;

/**
 * One grab from connect to close: runs the RFB steps in order, remembers which step it is in so failures say where
 * they happened, turns every failure into a {@link VncException} that names the server safely, and closes the
 * transport on every path.
 */
final class Grab {
    /** Opens the byte pipe for a URL; the seam between RFB and what carries it. */
    interface Opener {
        RfbTransport open(URI url, Deadline deadline) throws IOException;
    }

    private final URI url;
    private final Deadline deadline;
    private final int maxSide;
    private String step = "connecting";

    Grab(URI url, Deadline deadline, int maxSide) {
        this.url = url;
        this.deadline = deadline;
        this.maxSide = maxSide;
    }

    Frame run(Opener opener, String password) throws VncException {
        Framebuffer screen;
        try (RfbTransport transport = opener.open(url, deadline)) {
            screen = readScreen(transport, password);
        } catch (VncException e) {
            throw new VncException(e.kind(), where() + e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw translate(e);
        }
        return Frame.of(screen.image());
    }

    private Framebuffer readScreen(RfbTransport transport, String password) throws IOException, VncException {
        RfbInput in = new RfbInput(transport.input());
        RfbHandshake handshake = new RfbHandshake(in, transport.output());
        step = "reading the protocol version";
        handshake.negotiateVersion();
        step = "negotiating security (RFB 3." + handshake.minor() + ")";
        handshake.negotiateSecurity(password);
        step = "reading the server's init message";
        ServerInit init = handshake.initialise(maxSide);
        step = "reading the " + init.width() + "x" + init.height() + " framebuffer";
        ClientMessages client = new ClientMessages(transport.output());
        client.askForTheWholeScreen(init.width(), init.height());
        Framebuffer screen = new Framebuffer(init.width(), init.height());
        new UpdateReader(in, client).readUntilComplete(screen);
        return screen;
    }

    private VncException translate(IOException e) {
        Throwable cause = SafeUrl.safeCause(e, url);
        if (e instanceof SocketTimeoutException) {
            return new VncException(VncException.Kind.TIMEOUT,
                    where() + "timed out after " + deadline.timeout().toMillis() + " ms while " + step, cause);
        }
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new VncException(VncException.Kind.INTERRUPTED, where() + "interrupted while " + step, cause);
        }
        if (e instanceof EOFException) {
            return new VncException(VncException.Kind.CONNECTION,
                    where() + "the server closed the connection while " + step, cause);
        }
        return new VncException(VncException.Kind.CONNECTION,
                where() + SafeUrl.summary(e, url) + " while " + step, cause);
    }

    private String where() {
        return "VNC " + SafeUrl.describe(url) + ": ";
    }
}
