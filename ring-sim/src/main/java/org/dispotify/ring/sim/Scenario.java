package org.dispotify.ring.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;

/**
 * One simulation: how many nodes, how long, which faults, and the seed that decides everything else
 * (start times, fault times and targets, link delays, losses, contact choices).
 *
 * @param nodes      processes started at the beginning, as `dispotify up` starts them (join-order roles)
 * @param length     simulated time in all
 * @param seed       decides everything; a run replays exactly from it
 * @param faults     the kinds of fault drawn during the fault phase
 * @param loss       the share of messages lost on every link for the whole run (on top of loss faults)
 * @param latency    the latency profile name: lan or wan
 * @param properties the ring's timers and limits
 */
public record Scenario(int nodes, Duration length, long seed, Set<FaultKind> faults, double loss, String latency,
        RingProperties properties) {

    /**
     * How long every node has to start in: `dispotify up` starts them at once and they come up within seconds;
     * a large ring is rolled out at about fifty nodes a second.
     */
    public static Duration startSpread(int nodes) {
        return Duration.ofMillis(Math.max(4_000, nodes * 20L));
    }
    /** The quiet end of a run, when faults have stopped: convergence, roles and load are checked in it. */
    public static final Duration TAIL = Duration.ofSeconds(45);

    /** The kinds of fault. */
    public enum FaultKind {
        /** kill -9 of a process; most come back after a while (restart). */
        CRASH,
        /** SIGSTOP then SIGCONT, at most 2 s (a member must survive it). */
        PAUSE,
        /** SIGSTOP for 2.5-8 s (longer than the suspicion timeout: a verdict is expected). */
        LONG_PAUSE,
        /** The nodes split in two groups that cannot reach each other. */
        PARTITION,
        /** One node's messages to the others are dropped, theirs to it still arrive. */
        ONE_WAY,
        /** Every link loses up to 10 % of messages for a while. */
        LOSS,
        /** Messages are delivered twice now and then. */
        DUPLICATE,
        /** Messages on a link overtake each other. */
        REORDER,
        /** Every message takes up to 80 ms longer. */
        DELAY,
        /** One node's monotonic clock jumps ahead (a VM resumed after its host was suspended). */
        CLOCK_JUMP,
        /** The name service does not answer for a while. */
        NAME_SERVICE,
        /** A node leaves cleanly (and usually comes back later). */
        LEAVE,
        /** A new node joins, in the role the name service's counts give it. */
        JOIN;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a comma-separated list of labels, or {@code all} or {@code none}. */
        public static Set<FaultKind> parse(String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.equals("all")) {
                return EnumSet.allOf(FaultKind.class);
            }
            if (value.equals("none") || value.isEmpty()) {
                return EnumSet.noneOf(FaultKind.class);
            }
            EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
            for (String part : value.split(",")) {
                String label = part.trim();
                kinds.add(Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + label + "'; faults are "
                                + Arrays.stream(values()).map(FaultKind::label).collect(Collectors.joining(", "))
                                + ", all, none")));
            }
            return kinds;
        }

        public static String labels(Set<FaultKind> kinds) {
            if (kinds.isEmpty()) {
                return "none";
            }
            if (kinds.size() == values().length) {
                return "all";
            }
            return kinds.stream().sorted().map(FaultKind::label).collect(Collectors.joining(","));
        }
    }

    public Scenario {
        if (nodes < 1 || nodes > 5000) {
            throw new IllegalArgumentException("nodes must be 1..5000, was " + nodes);
        }
        if (loss < 0 || loss > 0.5) {
            throw new IllegalArgumentException("loss must be 0..0.5, was " + loss);
        }
        faults = Set.copyOf(faults);
        LatencyModel.named(latency);
        if (length.compareTo(minimumLength(nodes, properties)) < 0) {
            throw new IllegalArgumentException("a run of " + nodes + " nodes must last at least "
                    + minimumLength(nodes, properties).toSeconds() + " s (start, faults, quiet tail), was "
                    + length.toSeconds() + " s");
        }
    }

    /** Start, the time the start may take to settle, at least some faults, and the quiet tail. */
    public static Duration minimumLength(int nodes, RingProperties properties) {
        return faultsFrom(nodes, properties).plus(Duration.ofSeconds(10)).plus(TAIL);
    }

    /** When faults begin: every node has started, and the walks that follow the joins are done. */
    public static Duration faultsFrom(int nodes, RingProperties properties) {
        return startSpread(nodes).plus(properties.joinSettle()).plus(properties.discoveryInterval().multipliedBy(3));
    }

    public Duration faultsFrom() {
        return faultsFrom(nodes, properties);
    }

    /** When faults stop (every fault has ended by then). */
    public Duration faultsUntil() {
        return length.minus(TAIL);
    }

    /** The command that replays this run. */
    public String replayCommand() {
        StringBuilder command = new StringBuilder("./dispotify simulate --nodes ").append(nodes)
                .append(" --seconds ").append(length.toSeconds())
                .append(" --seed ").append(seed)
                .append(" --faults ").append(FaultKind.labels(faults));
        if (loss > 0) {
            command.append(" --loss ").append(loss);
        }
        if (!latency.equals("lan")) {
            command.append(" --latency ").append(latency);
        }
        if (properties.walkSegment() != RingProperties.defaults().walkSegment()) {
            command.append(" --walk-segment ").append(properties.walkSegment());
        }
        return command.toString();
    }
}
