package org.dispotify.router.providers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for a short while, which nodes said they hold a song completely, so a busy router
 * does not ask the same node the same question for every listener. Only "complete" answers are
 * kept: a node that is still copying a song is asked again next time. The memory is short (two
 * seconds by default) because a node may delete its copy when the song's owners change.
 */
final class CompletenessCache {

    private static final int PRUNE_ABOVE = 50_000;

    private final Map<Key, Long> confirmedUntil = new ConcurrentHashMap<>();
    private final long ttlNanos;

    CompletenessCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    boolean confirmed(String nodeId, String songId) {
        Long until = confirmedUntil.get(new Key(nodeId, songId));
        return until != null && until - System.nanoTime() > 0;
    }

    void confirm(String nodeId, String songId) {
        long now = System.nanoTime();
        if (confirmedUntil.size() > PRUNE_ABOVE) {
            confirmedUntil.values().removeIf(until -> until - now <= 0);
        }
        confirmedUntil.put(new Key(nodeId, songId), now + ttlNanos);
    }

    private record Key(String nodeId, String songId) {
    }
}
