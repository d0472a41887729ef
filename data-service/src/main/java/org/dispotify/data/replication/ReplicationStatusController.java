package org.dispotify.data.replication;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.scrub.ScrubStatus;
import org.dispotify.data.scrub.Scrubber;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.system.DataApiDocs;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
     * @param scrub            the background scrub's progress: passes over every stored chunk, damage found
     */
    record ReplicationStatus(long songs, long underReplicated, ScrubStatus scrub) {
    }

    private final SongStore store;
    private final ReplicationMetrics metrics;
    private final Scrubber scrubber;

    ReplicationStatusController(SongStore store, ReplicationMetrics metrics, Scrubber scrubber) {
        this.store = store;
        this.metrics = metrics;
        this.scrubber = scrubber;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getReplicationStatus", summary = "Songs held here, how many are under-replicated, and the scrub's progress",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "This node's counts", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ReplicationStatus.class),
            examples = @ExampleObject(value = "{\"songs\":1042,\"underReplicated\":0,\"scrub\":{\"passes\":3,"
                    + "\"running\":false,\"checked\":11840,\"damaged\":1,\"lastPassEnd\":\"2026-11-26T18:39:10Z\"}}")))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    ReplicationStatus status() {
        return new ReplicationStatus(store.count(), metrics.underReplicated(), scrubber.status());
    }
}
