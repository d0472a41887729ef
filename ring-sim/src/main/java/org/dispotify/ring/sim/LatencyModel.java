package org.dispotify.ring.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One-way delay of a message on a link. Every directed link gets its own base delay, drawn once from
 * the profile's range (machines sit at different distances); every message adds a jitter drawn from an
 * exponential distribution, and now and then a tail (a retransmission, a busy receiver).
 *
 * @param minBaseNanos   the shortest base delay of a link
 * @param maxBaseNanos   the longest base delay of a link
 * @param jitterNanos    the mean of the exponential jitter per message
 * @param tailChance     how often a message takes the tail
 * @param tailNanos      the longest tail (uniform up to it)
 */
public record LatencyModel(long minBaseNanos, long maxBaseNanos, long jitterNanos, double tailChance, long tailNanos) {

    /** One data centre: 0.1-1 ms links, 0.1 ms jitter, 1 % of messages up to 20 ms late. */
    public static LatencyModel lan() {
        return new LatencyModel(100_000, 1_000_000, 100_000, 0.01, 20_000_000);
    }

    /** Regions apart: 5-50 ms links, 2 ms jitter, 1 % of messages up to 100 ms late. */
    public static LatencyModel wan() {
        return new LatencyModel(5_000_000, 50_000_000, 2_000_000, 0.01, 100_000_000);
    }

    public static LatencyModel named(String name) {
        return switch (name) {
            case "lan" -> lan();
            case "wan" -> wan();
            default -> throw new IllegalArgumentException("latency profile must be lan or wan, was " + name);
        };
    }

    /** Draws delays for the links of one simulation. */
    public Sampler sampler(SplittableRandom random) {
        return new Sampler(this, random);
    }

    /** Base delays per link, drawn on first use, and per-message delays. */
    public static final class Sampler {
        private final LatencyModel model;
        private final SplittableRandom random;
        private final Map<String, Long> base = new HashMap<>();

        Sampler(LatencyModel model, SplittableRandom random) {
            this.model = model;
            this.random = random;
        }

        public long delay(String from, String to, long extraNanos) {
            long link = base.computeIfAbsent(from + ">" + to,
                    key -> model.minBaseNanos + (long) (random.nextDouble() * (model.maxBaseNanos - model.minBaseNanos)));
            long jitter = (long) (-Math.log(1 - random.nextDouble()) * model.jitterNanos);
            long tail = random.nextDouble() < model.tailChance ? (long) (random.nextDouble() * model.tailNanos) : 0;
            return link + jitter + tail + extraNanos;
        }
    }
}
