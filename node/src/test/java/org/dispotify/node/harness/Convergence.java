package org.dispotify.node.harness;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether the ring is one: every expected member answers {@code /ring/view}, every view lists
 * exactly the expected members as ALIVE with the same roles, each member's own role agrees with
 * what the others say, and predecessor and first-successor links match up.
 */
public final class Convergence {

    private Convergence() {
    }

    /** The first disagreement found, or empty if every view agrees. {@code views} maps node id to its view (empty: no answer). */
    public static Optional<String> problem(Map<String, Optional<RingView>> views, Set<String> expectedLive) {
        Map<String, String> reference = null;
        String referenceId = null;
        for (String id : expectedLive) {
            Optional<RingView> view = views.getOrDefault(id, Optional.empty());
            if (view.isEmpty()) {
                return Optional.of(id + " did not answer /ring/view");
            }
            Map<String, String> live = liveRoles(view.get());
            if (!live.keySet().equals(expectedLive)) {
                return Optional.of(id + " sees live " + live.keySet() + " (with statuses " + statuses(view.get())
                        + "), expected " + sorted(expectedLive));
            }
            Optional<RingView.Member> suspect = view.get().live().stream().filter(m -> !"ALIVE".equals(m.status())).findFirst();
            if (suspect.isPresent()) {
                return Optional.of(id + " sees " + suspect.get().nodeId() + " as " + suspect.get().status());
            }
            if (!Objects.equals(live.get(id), view.get().role())) {
                return Optional.of(id + " says it is " + view.get().role() + " but lists itself as " + live.get(id));
            }
            if (reference == null) {
                reference = live;
                referenceId = id;
            } else if (!reference.equals(live)) {
                return Optional.of(referenceId + " sees " + reference + " but " + id + " sees " + live);
            }
        }
        if (expectedLive.size() > 1) {
            for (String id : expectedLive) {
                RingView view = views.get(id).orElseThrow();
                if (view.successors().isEmpty()) {
                    return Optional.of(id + " has no successor");
                }
                String next = view.successors().get(0);
                String back = views.getOrDefault(next, Optional.empty()).map(RingView::predecessor).orElse(null);
                if (!id.equals(back)) {
                    return Optional.of(id + "'s successor is " + next + " but " + next + "'s predecessor is " + back);
                }
            }
        }
        return Optional.empty();
    }

    /** Live member id to role, as one view sees it. */
    public static Map<String, String> liveRoles(RingView view) {
        return view.live().stream().collect(Collectors.toMap(RingView.Member::nodeId, RingView.Member::role,
                (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> statuses(RingView view) {
        return view.members().stream().collect(Collectors.toMap(RingView.Member::nodeId, RingView.Member::status,
                (a, b) -> a, TreeMap::new));
    }

    /** Ids of the live set as a sorted set, for messages. */
    static Set<String> sorted(Set<String> ids) {
        return new java.util.TreeSet<>(ids);
    }
}
