package org.dispotify.ring.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces seen within the last {@code retention}; a nonce is accepted once. Entries older than the
 * retention are pruned as new ones arrive (at most once a second), so memory stays bounded by the
 * rate of validly signed requests times the window; only holders of the secret can add entries.
 */
final class NonceCache {

    private static final int PRUNE_EARLY_AT = 100_000;

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final long retentionMillis;
    private final Clock clock;
    private volatile long nextPrune;

    NonceCache(Duration retention, Clock clock) {
        this.retentionMillis = retention.toMillis();
        this.clock = clock;
    }

    boolean firstUse(String nonce) {
        long now = clock.millis();
        pruneIfDue(now);
        return seen.putIfAbsent(nonce, now) == null;
    }

    private void pruneIfDue(long now) {
        if (now < nextPrune && seen.size() < PRUNE_EARLY_AT) {
            return;
        }
        nextPrune = now + 1_000;
        long oldest = now - retentionMillis;
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next() < oldest) {
                it.remove();
            }
        }
    }

    int size() {
        return seen.size();
    }
}
