package org.dispotify.router.cluster;

import java.util.List;

import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RingClusterViewTest {

    @Test
    void derivesEveryLiveMembersNeighboursFromRingOrderAndKeepsTheDeadWithoutLinks() {
        RingSnapshot snapshot = new RingSnapshot("n2", "router", "n1", List.of("n3", "n4"), List.of(
                new MemberView("n1", "127.0.0.1", 8081, "data", "ALIVE"),
                new MemberView("n2", "127.0.0.1", 8082, "router", "ALIVE"),
                new MemberView("n3", "127.0.0.1", 8083, "data", "SUSPECT"),
                new MemberView("n4", "127.0.0.1", 8084, "router", "ALIVE"),
                new MemberView("n5", "127.0.0.1", 8085, "router", "DEAD")));

        List<ClusterMember> members = RingClusterView.fromRing(snapshot);

        assertThat(members).extracting(ClusterMember::nodeId).containsExactly("n1", "n2", "n3", "n4", "n5");
        assertThat(members).extracting(ClusterMember::status).containsExactly("ALIVE", "ALIVE", "SUSPECT", "ALIVE", "DEAD");
        assertThat(members.get(0).predecessor()).isEqualTo("n4");
        assertThat(members.get(0).successors()).containsExactly("n2", "n3");
        assertThat(members.get(1).predecessor()).isEqualTo("n1");
        assertThat(members.get(1).successors()).containsExactly("n3", "n4");
        assertThat(members.get(3).predecessor()).isEqualTo("n3");
        assertThat(members.get(3).successors()).containsExactly("n1", "n2");
        assertThat(members.get(4).predecessor()).isNull();
        assertThat(members.get(4).successors()).isEmpty();
        assertThat(members.get(4).role()).isEqualTo("router");
    }

    @Test
    void aLoneMemberHasNoNeighbours() {
        RingSnapshot snapshot = new RingSnapshot("n1", "data", null, List.of(),
                List.of(new MemberView("n1", "127.0.0.1", 8081, "data", "ALIVE")));

        assertThat(RingClusterView.fromRing(snapshot)).singleElement()
                .satisfies(m -> {
                    assertThat(m.predecessor()).isNull();
                    assertThat(m.successors()).isEmpty();
                });
    }
}
