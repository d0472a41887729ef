package org.dispotify.data.scrub;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps the scrub at or below its byte rate: after each item it says how long to wait so that every item
 * takes at least its bytes / rate, counting the time its own check took. Time spent waiting for other
 * reasons (a busy node) earns no credit: after a pause, at most the one item just checked went fast.
 */
final class Pacer {

    private final double nanosPerByte;
    private final LongSupplier clock;
    private long nextFree;

    /** @param clock nanoseconds, monotonic */
    Pacer(long bytesPerSecond, LongSupplier clock) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.clock = clock;
        this.nextFree = clock.getAsLong();
    }

    /** Accounts for {@code bytes} just checked; returns how long to wait before the next item. */
    synchronized Duration after(long bytes) {
        long now = clock.getAsLong();
        long cost = (long) (bytes * nanosPerByte);
        // If the pacer was idle, this item is taken to have been checked during the last `cost` nanoseconds.
        nextFree = Math.max(nextFree, now - cost) + cost;
        return Duration.ofNanos(Math.max(0, nextFree - now));
    }
}
