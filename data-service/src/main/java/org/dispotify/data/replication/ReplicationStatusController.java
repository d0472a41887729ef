package org.dispotify.data.replication;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.store.SongStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How this data node stands, for `dispotify status`: songs held and songs short of copies. Read-only
 * and cheap (two in-memory counters); under the replication path, so it needs the cluster signature
 * like the rest of the replication API when a secret is set.
 */
@RestController
@Tag(name = "Replication")
class ReplicationStatusController {

    static final String PATH = ReplicaClient.BASE + "/status";

    /**
     * @param songs            songs stored on this node
     * @param underReplicated  songs this node holds or owns with fewer live holders than the replication factor,
     *                         as of the last replication round (the gauge {@code dispotify_replication_under_replicated})
     */
    record ReplicationStatus(long songs, long underReplicated) {
    }

    private final SongStore store;
    private final ReplicationMetrics metrics;

    ReplicationStatusController(SongStore store, ReplicationMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Songs held here and how many of them are under-replicated")
    ReplicationStatus status() {
        return new ReplicationStatus(store.count(), metrics.underReplicated());
    }
}
