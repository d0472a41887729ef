package org.dispotify.node.harness;

import java.util.List;
import java.util.Optional;

/** A member's {@code GET /ring/view}. */
public record RingView(String nodeId, String role, String predecessor, List<String> successors, List<Member> members) {

    public RingView {
        successors = successors == null ? List.of() : List.copyOf(successors);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public record Member(String nodeId, String host, int port, String role, String status) {

        public boolean live() {
            return !"DEAD".equals(status);
        }
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.nodeId().equals(id)).findFirst();
    }

    /** The status this view gives {@code id}: ALIVE, SUSPECT, DEAD, or ABSENT if it does not list it. */
    public String statusOf(String id) {
        return member(id).map(Member::status).orElse("ABSENT");
    }

    public List<Member> live() {
        return members.stream().filter(Member::live).toList();
    }

    public long liveWithRole(String role) {
        return live().stream().filter(m -> m.role().equals(role)).count();
    }
}
