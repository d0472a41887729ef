package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM the harness started, with its output in a log file. Signals go to this process's
 * PID only, and only while it is alive, so the harness can never hit a process it did not start.
 */
public final class ManagedJvm {

    private final String name;
    private final Process process;
    private final Path log;
    private final Instant startedAt;
    private volatile boolean paused;

    private ManagedJvm(String name, Process process, Path log, Instant startedAt) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedAt = startedAt;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}; {@code env} is added to a clean environment. */
    static ManagedJvm start(String name, List<String> command, Path log, Map<String, String> env) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // A developer's DISPOTIFY_* settings (secret, ports, dir) must not leak into the cluster under test.
            builder.environment().keySet().removeIf(key -> key.startsWith("DISPOTIFY_"));
            builder.environment().putAll(env);
            Instant startedAt = Instant.now();
            return new ManagedJvm(name, builder.start(), log, startedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public boolean paused() {
        return paused && alive();
    }

    /** kill -9: no shutdown hook runs, nothing is said to anyone. Returns when the process is gone (at most 10 s). */
    public Instant kill() {
        Instant at = Instant.now();
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        paused = false;
        return at;
    }

    /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within {@code grace}. */
    public void terminate(Duration grace) {
        if (paused) {
            resume();
        }
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** SIGSTOP: the process freezes with its sockets open, as in a long GC pause or a stalled VM. */
    public Instant pause() {
        Instant at = Instant.now();
        signal("STOP");
        paused = true;
        return at;
    }

    /** SIGCONT. */
    public Instant resume() {
        Instant at = Instant.now();
        signal("CONT");
        paused = false;
        return at;
    }

    public boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    public List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail(int count) {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") is not running; not sending SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (alive() ? paused ? ", paused" : "" : ", exited") + ")";
    }
}
