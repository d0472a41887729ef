package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingSnapshot;

/** Checks that a set of views describe one ring. */
public final class RingAssertions {

    private RingAssertions() {
    }

    /**
     * Every view lists exactly {@code live} as ALIVE, each member's first successor has it as
     * predecessor, and following successors from any member visits all of them once.
     */
    public static void assertConsistentRing(Collection<RingSnapshot> views, Set<String> live) {
        Map<String, RingSnapshot> byId = new HashMap<>();
        views.forEach(v -> byId.put(v.nodeId(), v));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(live);
        for (RingSnapshot view : views) {
            Set<String> alive = view.members().stream().filter(m -> m.status().equals("ALIVE"))
                    .map(MemberView::nodeId).collect(Collectors.toSet());
            assertThat(alive).as("live members seen by %s", view.nodeId()).containsExactlyInAnyOrderElementsOf(live);
            if (live.size() > 1) {
                String next = view.successors().get(0);
                assertThat(byId.get(next).predecessor()).as("predecessor of %s (successor of %s)", next, view.nodeId())
                        .isEqualTo(view.nodeId());
                assertThat(view.successors()).hasSize(Math.min(2, live.size() - 1));
            }
        }
        if (!live.isEmpty()) {
            String start = live.iterator().next();
            String at = start;
            Set<String> visited = new java.util.HashSet<>();
            for (int i = 0; i < live.size(); i++) {
                visited.add(at);
                at = live.size() > 1 ? byId.get(at).successors().get(0) : at;
            }
            assertThat(at).as("following successors comes back to the start").isEqualTo(start);
            assertThat(visited).containsExactlyInAnyOrderElementsOf(live);
        }
    }

    public static boolean consistent(Collection<RingSnapshot> views, Set<String> live) {
        try {
            assertConsistentRing(views, live);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
