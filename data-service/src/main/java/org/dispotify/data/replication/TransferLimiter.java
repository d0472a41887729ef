package org.dispotify.data.replication;

import java.time.Duration;

/**
 * The byte rate all background transfers of this node share: each transfer reserves its bytes and
 * waits the returned delay before it goes on. Reservations queue up fairly, so n transfers get 1/n of
 * the rate each; a burst of up to one second's worth passes at once after idle time.
 */
final class TransferLimiter {

    private final double nanosPerByte;
    private final long burstNanos = Duration.ofSeconds(1).toNanos();
    private long nextFree;

    TransferLimiter(long bytesPerSecond) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.nextFree = System.nanoTime();
    }

    /** Takes {@code bytes} of the budget; returns how long to wait before moving them. */
    synchronized Duration reserve(long bytes) {
        long now = System.nanoTime();
        long start = Math.max(nextFree, now);
        nextFree = start + (long) (bytes * nanosPerByte);
        return Duration.ofNanos(Math.max(0, nextFree - now - burstNanos));
    }
}
