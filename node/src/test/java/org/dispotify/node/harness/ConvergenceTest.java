package org.dispotify.node.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What counts as one ring: the harness's convergence check on hand-made views of a, b, c. */
class ConvergenceTest {

    private static RingView.Member m(String id, String role, String status) {
        return new RingView.Member(id, "127.0.0.1", 1, role, status);
    }

    private static List<RingView.Member> members(String statusOfC, String roleOfC) {
        return List.of(m("a", "data", "ALIVE"), m("b", "router", "ALIVE"), m("c", roleOfC, statusOfC),
                m("x", "data", "DEAD"));
    }

    /** a -> b -> c -> a, everyone seeing the same members. */
    private static Map<String, Optional<RingView>> ring() {
        Map<String, Optional<RingView>> views = new HashMap<>();
        views.put("a", Optional.of(new RingView("a", "data", "c", List.of("b", "c"), members("ALIVE", "data"))));
        views.put("b", Optional.of(new RingView("b", "router", "a", List.of("c", "a"), members("ALIVE", "data"))));
        views.put("c", Optional.of(new RingView("c", "data", "b", List.of("a", "b"), members("ALIVE", "data"))));
        return views;
    }

    @Test
    void identicalViewsWithMatchingLinksAgreeAndDeadEntriesDoNotCount() {
        assertThat(Convergence.problem(ring(), Set.of("a", "b", "c"))).isEmpty();
    }

    @Test
    void aSuspectAMissingAnswerOrAnUnexpectedMemberIsADisagreement() {
        Map<String, Optional<RingView>> suspect = ring();
        suspect.put("b", Optional.of(new RingView("b", "router", "a", List.of("c", "a"), members("SUSPECT", "data"))));
        assertThat(Convergence.problem(suspect, Set.of("a", "b", "c"))).get().asString().contains("SUSPECT");

        Map<String, Optional<RingView>> silent = ring();
        silent.put("c", Optional.empty());
        assertThat(Convergence.problem(silent, Set.of("a", "b", "c"))).get().asString().contains("c did not answer");

        assertThat(Convergence.problem(ring(), Set.of("a", "b"))).isPresent();
    }

    @Test
    void differentRolesOrLinksThatDoNotMatchAreADisagreement() {
        Map<String, Optional<RingView>> roles = ring();
        roles.put("b", Optional.of(new RingView("b", "router", "a", List.of("c", "a"), members("ALIVE", "router"))));
        assertThat(Convergence.problem(roles, Set.of("a", "b", "c"))).isPresent();

        Map<String, Optional<RingView>> links = ring();
        links.put("a", Optional.of(new RingView("a", "data", "c", List.of("c", "b"), members("ALIVE", "data"))));
        assertThat(Convergence.problem(links, Set.of("a", "b", "c"))).get().asString().contains("predecessor");
    }
}
