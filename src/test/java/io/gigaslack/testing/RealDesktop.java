package io.gigaslack.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A real desktop for tests: an X server (Xvfb) painted with a known grid ({@code xsetroot -mod}), a VNC server on
 * it (x11vnc, RFB 3.8 on TCP) and websockify in front of that ({@code ws://}), all on free display and port
 * numbers, all stopped by {@link #close}. Needs Debian's xvfb, x11vnc, websockify and x11-xserver-utils; see
 * {@link #assumeAvailable} for what happens without them.
 *
 * <p>The picture: {@link #FOREGROUND} on every pixel whose x is a multiple of {@link #GRID_X} or whose y is a
 * multiple of {@link #GRID_Y}, {@link #BACKGROUND} elsewhere ({@link #expectedRgb}). The two spacings differ and
 * the colours differ in every channel, so a transposed image or swapped channels cannot pass for it.
 */
public final class RealDesktop implements AutoCloseable {
    public static final List<String> PROGRAMS = List.of("Xvfb", "x11vnc", "websockify", "xsetroot");
    public static final String SKIPPED = "Real desktop tests skipped: Xvfb, x11vnc, websockify or xsetroot missing"
            + " (apt-get install xvfb x11vnc websockify x11-xserver-utils)";
    public static final int FOREGROUND = 0xE0A040;
    public static final int BACKGROUND = 0x2060C0;
    public static final int GRID_X = 16;
    public static final int GRID_Y = 8;
    /** Odd sizes on purpose: rows and columns that are not a multiple of anything. */
    public static final int DEFAULT_WIDTH = 333;
    public static final int DEFAULT_HEIGHT = 211;

    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 5;

    private final LoggedProcesses processes = new LoggedProcesses("real-desktop-");
    private final Thread shutdownHook = new Thread(processes::close, "real-desktop-shutdown");
    private final int width;
    private final int height;
    private int display;
    private int rfbPort;
    private int wsPort;

    private RealDesktop(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** A {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT} desktop that needs no password. */
    public static RealDesktop start() {
        return start(DEFAULT_WIDTH, DEFAULT_HEIGHT, null);
    }

    /** A desktop whose VNC server asks for {@code password} (VNC Authentication), or none when it is null. */
    public static RealDesktop start(int width, int height, String password) {
        RealDesktop desktop = new RealDesktop(width, height);
        // If the JVM ends before close(), the X and VNC servers must not outlive it.
        Runtime.getRuntime().addShutdownHook(desktop.shutdownHook);
        try {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            desktop.startX(deadline);
            desktop.paint(deadline);
            desktop.startVnc(password, deadline);
            desktop.startWebsockify(deadline);
            return desktop;
        } catch (RuntimeException | Error e) {
            String logs = desktop.logs();
            desktop.close();
            throw new IllegalStateException("the real desktop did not come up: " + e.getMessage()
                    + System.lineSeparator() + logs, e);
        }
    }

    /** True if every program in {@link #PROGRAMS} is on the PATH. */
    public static boolean available() {
        return missingPrograms().isEmpty();
    }

    public static List<String> missingPrograms() {
        List<String> missing = new ArrayList<>();
        for (String program : PROGRAMS) {
            if (!onPath(program)) {
                missing.add(program);
            }
        }
        return missing;
    }

    /**
     * Skips the calling test (or class, from {@code @BeforeAll}) when a program is missing, saying which; but when
     * the environment variable CI is "true" it fails instead, because CI must run these tests, never skip them.
     */
    public static void assumeAvailable() {
        requirePrograms(missingPrograms(), System.getenv("CI"));
    }

    /** {@link #assumeAvailable}'s decision, with the missing programs and CI's value given. */
    static void requirePrograms(List<String> missing, String ci) {
        if (missing.isEmpty()) {
            return;
        }
        String message = SKIPPED + "; not on the PATH: " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(ci)) {
            fail(message + ". CI=true, so this is a failure, not a skip: install them on the CI image.");
        }
        Assumptions.abort(message);
    }

    /** websockify's address: RFB in WebSocket binary frames, like a Giga stream's vncUrl. */
    public URI wsUrl() {
        return URI.create("ws://127.0.0.1:" + wsPort);
    }

    /** x11vnc's own TCP port on 127.0.0.1 (it also answers WebSocket handshakes there). */
    public int rfbPort() {
        return rfbPort;
    }

    /** The X display number, as in {@code :N}. */
    public int display() {
        return display;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The colour the desktop shows at ({@code x}, {@code y}), as 0xRRGGBB. */
    public int expectedRgb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") is off the " + width + "x" + height + " desktop");
        }
        return x % GRID_X == 0 || y % GRID_Y == 0 ? FOREGROUND : BACKGROUND;
    }

    /** What Xvfb, xsetroot, x11vnc and websockify printed so far: put it in a failing assertion's message. */
    public String logs() {
        return processes.logs();
    }

    /** Stops websockify, x11vnc and Xvfb (in that order), waits for them, and deletes the logs. */
    @Override
    public void close() {
        processes.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing to remove.
        }
    }

    // --- starting the parts ------------------------------------------------------------------------------------

    /**
     * Xvfb on a display nobody uses. {@code -noreset}: without it the server resets when its last client leaves,
     * and xsetroot leaves at once, so the grid would be gone before x11vnc attaches. Another test run may pick
     * the same number at the same time: ours is up only when the lock file holds our process id.
     */
    private void startX(long deadline) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int n = freeDisplay();
            Process xvfb = processes.start("xvfb", List.of("Xvfb", ":" + n, "-screen", "0",
                    width + "x" + height + "x24", "-nolisten", "tcp", "-noreset"));
            boolean up = waitFor(deadline, xvfb, () -> Files.exists(socket(n)) && lockHolds(n, xvfb.pid()));
            if (up) {
                display = n;
                return;
            }
            processes.stop(xvfb);
        }
        throw new IllegalStateException("Xvfb did not start on any of " + ATTEMPTS + " display numbers");
    }

    private void paint(long deadline) {
        Process xsetroot = processes.start("xsetroot", List.of("xsetroot", "-display", ":" + display,
                "-mod", String.valueOf(GRID_X), String.valueOf(GRID_Y),
                "-fg", String.format("#%06x", FOREGROUND), "-bg", String.format("#%06x", BACKGROUND)));
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!xsetroot.waitFor(left, TimeUnit.NANOSECONDS) || xsetroot.exitValue() != 0) {
                throw new IllegalStateException("xsetroot could not paint display :" + display);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while painting", e);
        }
    }

    /**
     * x11vnc, up when its port answers with an RFB version (not merely accepts: the port could be someone
     * else's). {@code -nocursor}: our client asks for no cursor pseudo-encoding, and x11vnc would otherwise paint
     * the pointer into the pixels.
     */
    private void startVnc(String password, long deadline) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("x11vnc", "-display", ":" + display, "-rfbport",
                    String.valueOf(port), "-forever", "-shared", "-localhost", "-quiet", "-nocursor"));
            if (password == null) {
                command.add("-nopw");
            } else {
                command.addAll(List.of("-passwd", password)); // x11vnc blanks it out of its own argv
            }
            Process x11vnc = processes.start("x11vnc", command);
            if (waitFor(deadline, x11vnc, () -> speaksRfb(port))) {
                rfbPort = port;
                return;
            }
            processes.stop(x11vnc);
        }
        throw new IllegalStateException("x11vnc did not start after " + ATTEMPTS + " ports");
    }

    private void startWebsockify(long deadline) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            Process websockify = processes.start("websockify",
                    List.of("websockify", "127.0.0.1:" + port, "127.0.0.1:" + rfbPort));
            if (waitFor(deadline, websockify, () -> accepts(port))) {
                wsPort = port;
                return;
            }
            processes.stop(websockify);
        }
        throw new IllegalStateException("websockify did not start after " + ATTEMPTS + " ports");
    }

    // --- waiting and probing -----------------------------------------------------------------------------------

    /** Polls {@code ready} until it holds (true), the process dies or the deadline passes (false). */
    private static boolean waitFor(long deadline, Process process, BooleanSupplier ready) {
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** A display number with neither a lock file nor a socket; random, so parallel runs rarely collide. */
    private static int freeDisplay() {
        for (int i = 0; i < 100; i++) {
            int n = ThreadLocalRandom.current().nextInt(100, 1000);
            if (!Files.exists(lock(n)) && !Files.exists(socket(n))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number between 100 and 999");
    }

    private static Path lock(int display) {
        return Path.of("/tmp", ".X" + display + "-lock");
    }

    private static Path socket(int display) {
        return Path.of("/tmp", ".X11-unix", "X" + display);
    }

    private static boolean lockHolds(int display, long pid) {
        try {
            return Long.parseLong(Files.readString(lock(display), StandardCharsets.US_ASCII).strip()) == pid;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A port the OS just handed out; someone may take it before us, hence the retries by the callers. */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean speaksRfb(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            byte[] version = in.readNBytes(4);
            return new String(version, StandardCharsets.US_ASCII).equals("RFB ");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
