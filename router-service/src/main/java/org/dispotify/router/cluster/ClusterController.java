package org.dispotify.router.cluster;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** {@code GET /api/cluster}: the members, their roles and status, for the player's ring page. */
@RestController
@CrossOrigin
@Tag(name = "Cluster", description = "The ring's members, for the player's ring page (router role)")
class ClusterController {

    private final ClusterView view;

    ClusterController(ObjectProvider<ClusterView> views) {
        this.view = views.orderedStream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no ClusterView bean"));
    }

    @GetMapping("/api/cluster")
    @Operation(operationId = "getCluster", summary = "The members with role, status and ring neighbours",
            description = "From this node's ring view; without a ring, from the name service.")
    Mono<Cluster> cluster() {
        return view.members().map(Cluster::new);
    }

    record Cluster(@ArraySchema(arraySchema = @Schema(description = "Members in ring order, dead ones last"))
                   List<ClusterMember> members) {
    }
}
