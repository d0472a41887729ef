package org.dispotify.ring.link;

import java.util.function.LongSupplier;

/**
 * A token bucket on the monotonic clock: {@code burst} tokens at most, refilled at
 * {@code perSecond}. One per inbound link, taken by one thread at a time (a link's frames arrive in
 * order on its event loop), so it needs no locking beyond what Reactor already gives.
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and burst");
        }
        this.capacity = burst;
        this.perNano = perSecond / 1e9;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token; false when the bucket is empty (the caller is over its rate). */
    boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
