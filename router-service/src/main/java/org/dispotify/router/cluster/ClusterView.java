package org.dispotify.router.cluster;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Who is in the cluster, for {@code GET /api/cluster}. Two ship with the router: the ring's view
 * (when the node runs a ring) and the name service's (always). The controller takes the first bean
 * in {@code @Order}; another view plugs in as one more bean of this type ordered before them.
 */
public interface ClusterView {

    Mono<List<ClusterMember>> members();
}
