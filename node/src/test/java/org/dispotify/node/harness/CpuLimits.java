package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU starvation of a node: its JVM (every thread) moves into a cgroup of the v1 {@code cpu}
 * controller whose CFS quota allows {@code share} of one CPU per 100 ms period. {@link #release}
 * and {@link #close()} move it back where it was and remove the cgroup; cgroups left by a test JVM
 * that died are removed at the next start ({@link Leftovers}).
 */
public final class CpuLimits implements AutoCloseable {

    static final Path ROOT = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_MICROS = 100_000;

    private final Cluster cluster;
    final String tag = Leftovers.newTag();
    private final Map<String, Limit> limits = new LinkedHashMap<>();

    private record Limit(long pid, Path group, Path origin) {
    }

    /** The cgroup directory of a node's limit (for tests of this class). */
    synchronized Optional<Path> group(String nodeId) {
        return Optional.ofNullable(limits.get(nodeId)).map(Limit::group);
    }

    CpuLimits(Cluster cluster) {
        this.cluster = cluster;
    }

    public static Optional<String> unavailable() {
        if (!Files.isWritable(ROOT.resolve("cpu.cfs_quota_us"))) {
            return Optional.of("no writable cgroup v1 cpu controller at " + ROOT + " (needs root and cgroup v1)");
        }
        return Optional.empty();
    }

    /** Limits the node's running JVM to {@code share} (0 to 1) of one CPU. */
    public synchronized void limit(String nodeId, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share of one CPU must be in (0, 1]: " + share);
        }
        unavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        removeLeftovers();
        ManagedJvm jvm = cluster.node(nodeId).jvm();
        if (jvm == null || !jvm.alive()) {
            throw new IllegalStateException(nodeId + " is not running");
        }
        limit(nodeId, jvm.pid(), share);
    }

    /** Limits process {@code pid} (only ones this harness started) to {@code share} of one CPU, under {@code name}. */
    synchronized void limit(String nodeId, long pid, double share) {
        release(nodeId);
        Path group = ROOT.resolve(tag + "-" + nodeId);
        try {
            Path origin = ROOT.resolve(currentGroup(pid));
            Files.createDirectories(group);
            write(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            write(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, Math.round(PERIOD_MICROS * share))));
            limits.put(nodeId, new Limit(pid, group, origin));
            // cgroup.procs moves the whole process, every thread of it.
            write(group.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException("could not limit the CPU of " + nodeId, e);
        }
    }

    /** CPU time the node's cgroup was throttled for (nanoseconds), from {@code cpu.stat}; 0 if not limited. */
    public synchronized long throttledNanos(String nodeId) {
        Limit limit = limits.get(nodeId);
        if (limit == null) {
            return 0;
        }
        try {
            return Files.readAllLines(limit.group.resolve("cpu.stat")).stream()
                    .filter(line -> line.startsWith("throttled_time "))
                    .mapToLong(line -> Long.parseLong(line.substring("throttled_time ".length()).trim()))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lifts the node's limit: its JVM goes back to its own cgroup and the harness's cgroup is removed. */
    public synchronized void release(String nodeId) {
        Limit limit = limits.remove(nodeId);
        if (limit != null) {
            remove(limit.group, limit.origin);
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(limits.keySet()).forEach(this::release);
    }

    static void removeLeftovers() {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (Stream<Path> groups = Files.list(ROOT)) {
            groups.filter(Files::isDirectory).filter(p -> Leftovers.stale(p.getFileName().toString()))
                    .forEach(group -> remove(group, ROOT));
        } catch (IOException e) {
            System.err.println("could not list " + ROOT + ": " + e);
        }
    }

    /** Moves whatever still runs in {@code group} to {@code origin}, then removes {@code group}. */
    private static void remove(Path group, Path origin) {
        try {
            for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                if (!pid.isBlank()) {
                    try {
                        write(origin.resolve("cgroup.procs"), pid.strip());
                    } catch (IOException e) {
                        // It exited meanwhile.
                    }
                }
            }
            Files.deleteIfExists(group);
        } catch (IOException e) {
            System.err.println("could not remove cgroup " + group + ": " + e);
        }
    }

    /** The process's cgroup under the cpu controller, relative to its root ("" for the root). */
    private static String currentGroup(long pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("cpu")) {
                return parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            }
        }
        return "";
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }
}
