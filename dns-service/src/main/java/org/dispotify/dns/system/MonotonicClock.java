package org.dispotify.dns.system;

/**
 * The time base of every TTL: monotonic, so wall-clock jumps neither expire nor extend records.
 * Tests replace it to drive time by hand.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();
}
