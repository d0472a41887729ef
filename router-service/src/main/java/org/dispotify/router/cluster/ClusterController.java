package org.dispotify.router.cluster;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** {@code GET /api/cluster}: the members, their roles and status, for the player's ring page. */
@RestController
@CrossOrigin
class ClusterController {

    private final ClusterView view;

    ClusterController(ObjectProvider<ClusterView> views) {
        this.view = views.orderedStream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no ClusterView bean"));
    }

    @GetMapping("/api/cluster")
    Mono<Cluster> cluster() {
        return view.members().map(Cluster::new);
    }

    record Cluster(List<ClusterMember> members) {
    }
}
