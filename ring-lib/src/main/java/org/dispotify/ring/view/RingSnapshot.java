package org.dispotify.ring.view;

import java.util.List;

/**
 * A node's view of the ring at one moment, the body of {@code GET /ring/view}. {@code predecessor} is
 * null while the node is alone (or still joining); members are in ring order, dead ones last.
 */
public record RingSnapshot(String nodeId, String role, String predecessor, List<String> successors,
        List<MemberView> members) {

    public RingSnapshot {
        successors = List.copyOf(successors);
        members = List.copyOf(members);
    }

    public long count(String status) {
        return members.stream().filter(m -> m.status().equals(status)).count();
    }
}
