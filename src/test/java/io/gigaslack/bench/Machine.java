package io.gigaslack.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the numbers come from, and /proc readings. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = "?";
        long memKb = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux: leave the question marks
        }
        return String.format(java.util.Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    /** A numeric field of /proc/PID/status (VmRSS and VmHWM are in kB), or -1. */
    static long rssKb(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // process gone
        }
        return -1;
    }
}
