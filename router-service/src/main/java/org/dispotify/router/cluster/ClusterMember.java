package org.dispotify.router.cluster;

import java.util.List;

/**
 * One member of the cluster as {@code GET /api/cluster} shows it.
 *
 * @param role        {@code data} or {@code router}
 * @param status      {@code ALIVE}, {@code SUSPECT} or {@code DEAD}
 * @param predecessor the node id of its ring predecessor, or null when unknown
 * @param successors  the node ids of its ring successors, nearest first
 */
public record ClusterMember(String nodeId, String host, int port, String role, String status,
                            String predecessor, List<String> successors) {

    public ClusterMember {
        successors = successors == null ? List.of() : List.copyOf(successors);
    }
}
