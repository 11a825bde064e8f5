package io.gigaslack.app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.gigaslack.giga.sim.GigaSimulatorMain;
import io.gigaslack.ops.Logging;
import io.gigaslack.slack.install.Distribution;

/**
 * Entry point: {@code java -jar giga-slack.jar [--config FILE]} serves the app;
 * {@code java -jar giga-slack.jar simulator [options]} runs the Giga simulator for a local trial;
 * {@code java -jar giga-slack.jar export-db --to URL} copies the database into a new one (H2 to PostgreSQL);
 * {@code java -jar giga-slack.jar reencrypt} moves the secrets stored in the database to a new encryption key.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // A server draws charts (the /giga usage PNG) without a display; a stray DISPLAY must not make AWT look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int code = run(Arrays.asList(args), System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command and returns a process exit code; a running server keeps its threads alive. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("simulator")) {
            try {
                GigaSimulatorMain.main(args.subList(1, args.size()).toArray(String[]::new));
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        if (!args.isEmpty() && args.get(0).equals("export-db")) {
            return ExportDb.run(args.subList(1, args.size()), env, out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("reencrypt")) {
            return Reencrypt.run(args.subList(1, args.size()), env, out, err);
        }
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            out.println("usage: java -jar giga-slack.jar [--config FILE]");
            out.println("       java -jar giga-slack.jar simulator [--port 4010] [--api-key KEY] [--agent-seconds 20]"
                    + " [--provision-seconds 3] [--desktop ws://HOST:PORT]");
            out.println("       java -jar giga-slack.jar export-db --to JDBC_URL [--to-user U] [--to-password P]"
                    + " [--config FILE]");
            out.println("       java -jar giga-slack.jar reencrypt [--config FILE] [--batch N]");
            return 0;
        }
        AppConfig config;
        try {
            config = ConfigLoader.load(args, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        Logging.configure(config.server().logFormat());
        try {
            GigaSlackApp app = GigaSlackApp.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
            out.println("giga-slack is ready on port " + app.port()
                    + (config.slack().socketMode() ? " (Socket Mode)" : " (HTTP mode: POST /slack/events)")
                    + (config.distribution().enabled() ? "; install it in a workspace at "
                            + Distribution.Settings.installUrlOf(config.distribution().redirectUrl()) : ""));
            return 0;
        } catch (StartupException e) {
            // Refused on purpose (e.g. Slack refused a token): the message names the setting and the fix.
            err.println(e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("giga-slack could not start: " + e.getMessage());
            return 1;
        }
    }
}
