package org.dispotify.node.harness.workload;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;

/**
 * Where a listener finds routers: {@code router.dispotify} from the name service, as a real client
 * does, refreshed at most every {@code REFRESH_NANOS}; while the name service does not answer, the
 * last good answer (as ring-lib's client does).
 */
final class Routers {

    private static final long REFRESH_NANOS = 500_000_000L;

    private final Cluster cluster;
    private List<String> last = List.of();
    private long fetchedAt = Long.MIN_VALUE / 2;

    Routers(Cluster cluster) {
        this.cluster = cluster;
    }

    /** A router other than {@code avoid} if there is one (a retry goes elsewhere); null if none is known. */
    synchronized Pick pick(String avoid) {
        refresh();
        List<String> candidates = new ArrayList<>(last);
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        if (avoid != null && candidates.size() > 1) {
            candidates.remove(avoid);
        }
        for (String id : candidates) {
            try {
                Node node = cluster.node(id);
                return new Pick(id, node.uri("/"));
            } catch (IllegalArgumentException e) {
                // A member the name service lists but this cluster did not start: not ours to call.
            }
        }
        return null;
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - fetchedAt < REFRESH_NANOS) {
            return;
        }
        fetchedAt = now;
        List<String> ids = null;
        try {
            ids = cluster.nameService().resolve("router.dispotify");
        } catch (IllegalStateException e) {
            // No name service started.
        }
        if (ids != null && !ids.isEmpty()) {
            last = List.copyOf(ids);
        }
    }

    record Pick(String id, URI uri) {
    }
}
