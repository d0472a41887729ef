package org.dispotify.router.cluster;

import java.util.ArrayList;
import java.util.List;

import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.view.RingView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The cluster as this node's ring sees it, when the node runs a ring: members in ring order with
 * their status; each live member's predecessor and successors follow from that order (this node's
 * own links are taken as the ring reports them). Without a ring, or before this node has joined
 * one, it answers what the name service knows.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RingClusterView implements ClusterView {

    private static final int DEFAULT_SUCCESSORS = 2;

    private final ObjectProvider<RingView> ring;
    private final NameServiceClusterView names;

    RingClusterView(ObjectProvider<RingView> ring, NameServiceClusterView names) {
        this.ring = ring;
        this.names = names;
    }

    @Override
    public Mono<List<ClusterMember>> members() {
        RingView view = ring.getIfAvailable();
        RingSnapshot snapshot = view == null ? null : view.snapshot();
        if (snapshot == null || snapshot.members().isEmpty()) {
            return names.members();
        }
        return Mono.just(fromRing(snapshot));
    }

    static List<ClusterMember> fromRing(RingSnapshot snapshot) {
        List<MemberView> alive = snapshot.members().stream().filter(m -> !"DEAD".equals(m.status())).toList();
        int successorCount = snapshot.successors().isEmpty() ? DEFAULT_SUCCESSORS : snapshot.successors().size();
        List<ClusterMember> members = new ArrayList<>(snapshot.members().size());
        for (MemberView member : snapshot.members()) {
            int at = alive.indexOf(member);
            String predecessor = null;
            List<String> successors = List.of();
            if (member.nodeId().equals(snapshot.nodeId())) {
                predecessor = snapshot.predecessor();
                successors = snapshot.successors();
            } else if (at >= 0 && alive.size() > 1) {
                predecessor = alive.get((at - 1 + alive.size()) % alive.size()).nodeId();
                List<String> next = new ArrayList<>();
                for (int i = 1; i <= Math.min(successorCount, alive.size() - 1); i++) {
                    next.add(alive.get((at + i) % alive.size()).nodeId());
                }
                successors = next;
            }
            members.add(new ClusterMember(member.nodeId(), member.host(), member.port(), member.role(),
                    member.status(), predecessor, successors));
        }
        return members;
    }
}
