package io.gigaslack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Child processes a fixture starts, each writing stdout and stderr to its own log file in one temporary directory,
 * so a failing test can print what they said. {@link #close} stops them newest first (their own children too:
 * websockify forks one per connection), waits for each, and deletes the logs.
 */
final class LoggedProcesses implements AutoCloseable {
    private static final long STOP_WAIT_SECONDS = 5;

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    LoggedProcesses(String prefix) {
        try {
            this.directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command}; its output goes to {@code <name>.log} (appended to, if that name was used before). */
    synchronized Process start(String name, List<String> command) {
        Path log = directory.resolve(name + ".log");
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            processes.add(process);
            if (!logs.contains(log)) {
                logs.add(log);
            }
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Stops one process (and its children) now, e.g. one that came up wrong and is retried. */
    synchronized void stop(Process process) {
        processes.remove(process);
        terminate(process);
    }

    /** Every log so far, each under a header with its file name. */
    synchronized String logs() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append("----- ").append(log.getFileName()).append(" -----").append(System.lineSeparator());
            try {
                out.append(Files.readString(log, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(')');
            }
        }
        return out.toString();
    }

    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            terminate(processes.get(i));
        }
        processes.clear();
        deleteDirectory();
    }

    private static void terminate(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Only temporary logs are left behind.
        }
    }
}
