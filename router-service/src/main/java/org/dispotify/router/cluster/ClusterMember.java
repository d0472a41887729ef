package org.dispotify.router.cluster;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One member of the cluster as {@code GET /api/cluster} shows it.
 *
 * @param role        {@code data} or {@code router}
 * @param status      {@code ALIVE}, {@code SUSPECT} or {@code DEAD}
 * @param predecessor the node id of its ring predecessor, or null when unknown
 * @param successors  the node ids of its ring successors, nearest first
 */
public record ClusterMember(@Schema(example = "node-8081") String nodeId,
                            @Schema(example = "127.0.0.1") String host,
                            @Schema(example = "8081") int port,
                            @Schema(allowableValues = {"data", "router"}, example = "data") String role,
                            @Schema(allowableValues = {"ALIVE", "SUSPECT", "DEAD"}, example = "ALIVE") String status,
                            @Schema(description = "null when unknown", example = "node-8085") String predecessor,
                            @ArraySchema(schema = @Schema(example = "node-8082")) List<String> successors) {

    public ClusterMember {
        successors = successors == null ? List.of() : List.copyOf(successors);
    }
}
