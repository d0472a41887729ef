package org.dispotify.node.harness.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.dispotify.node.harness.workload.Operation.Kind;
import org.dispotify.node.harness.workload.Operation.Outcome;

/**
 * Every operation a {@link Workload} ran, and the bytes of every acknowledged upload. Thread-safe;
 * the queries return snapshots.
 */
public final class History {

    private final long originNanos = System.nanoTime();
    private final Instant originWall = Instant.now();
    private final List<Operation> operations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();

    /** Nanoseconds since this history began (monotonic). */
    public long now() {
        return System.nanoTime() - originNanos;
    }

    /** The wall-clock instant of a {@link #now()} value, as the test JVM's clock read it when the history began. */
    public Instant wallTime(long nanos) {
        return originWall.plusNanos(nanos);
    }

    /** The {@link #now()} value of a wall-clock instant (e.g. when a fault was injected). */
    public long nanosAt(Instant wall) {
        return Duration.between(originWall, wall).toNanos();
    }

    void add(Operation operation) {
        operations.add(operation);
    }

    void acknowledge(String id, byte[] bytes) {
        acknowledged.put(id, bytes);
    }

    public List<Operation> operations() {
        synchronized (operations) {
            List<Operation> copy = new ArrayList<>(operations);
            copy.sort(Comparator.comparingLong(Operation::seq));
            return copy;
        }
    }

    /** Acknowledged uploads (song id to the bytes sent): every one must stay readable. */
    public Map<String, byte[]> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    public List<Operation> with(Outcome outcome) {
        return operations().stream().filter(o -> o.outcome() == outcome).toList();
    }

    public List<Operation> failed() {
        return with(Outcome.FAILED);
    }

    public List<Operation> indeterminate() {
        return with(Outcome.INDETERMINATE);
    }

    /** Operations that started at or after {@code fromNanos} (see {@link #now()}, {@link #nanosAt(Instant)}). */
    public List<Operation> startedSince(long fromNanos) {
        return operations().stream().filter(o -> o.startNanos() >= fromNanos).toList();
    }

    /** Reads whose bytes differed from what was uploaded: the one kind of failure that is never acceptable. */
    public List<Operation> corruptReads() {
        return operations().stream().filter(o -> o.detail() != null && o.detail().contains(RouterClient.BYTES_DIFFER))
                .toList();
    }

    /** When the last operation ended that was not OK, if any: a measure of how long clients noticed a fault. */
    public Optional<Operation> lastNotOk() {
        return operations().stream().filter(o -> !o.ok()).max(Comparator.comparingLong(Operation::endNanos));
    }

    /** Counts by kind and outcome, e.g. {@code {UPLOAD={OK=120, FAILED=1}, STREAM={OK=300}}}. */
    public Map<Kind, Map<Outcome, Long>> counts() {
        Map<Kind, Map<Outcome, Long>> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            Map<Outcome, Long> byOutcome = operations().stream().filter(o -> o.kind() == kind)
                    .collect(Collectors.groupingBy(Operation::outcome, () -> new java.util.EnumMap<>(Outcome.class),
                            Collectors.counting()));
            if (!byOutcome.isEmpty()) {
                counts.put(kind, byOutcome);
            }
        }
        return counts;
    }

    /** One line for logs and reports. */
    public String summary() {
        return operations().size() + " operations " + counts() + ", " + acknowledged.size() + " uploads acknowledged";
    }
}
