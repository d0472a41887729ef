package org.dispotify.data.replication;

import java.util.List;
import java.util.Set;

import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.view.RingView;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ring's view: data-role members that are ALIVE or SUSPECT. A suspect is still asked (it may only
 * be slow); a call to it that times out moves on to the next node, so it never counts as a copy it
 * did not confirm.
 */
final class RingDataNodeDirectory implements DataNodeDirectory {

    private static final Set<RingEvent.Type> MEMBERSHIP = Set.of(
            RingEvent.Type.JOINED, RingEvent.Type.DEAD, RingEvent.Type.LEFT, RingEvent.Type.ROLE_SWITCHED);

    private final RingView ring;
    private final DataNodeDirectory beforeJoin;

    /**
     * @param beforeJoin asked while this node has no ring neighbour yet (starting, or rejoining after a
     *                   restart), when the ring's view would show this node alone
     */
    RingDataNodeDirectory(RingView ring, DataNodeDirectory beforeJoin) {
        this.ring = ring;
        this.beforeJoin = beforeJoin;
    }

    @Override
    public Mono<List<DataNode>> liveDataNodes() {
        return Mono.defer(() -> {
            RingSnapshot snapshot = ring.snapshot();
            if (snapshot.predecessor() == null && beforeJoin != null) {
                return beforeJoin.liveDataNodes();
            }
            return Mono.just(snapshot.members().stream()
                    .filter(RingDataNodeDirectory::liveData)
                    .map(m -> DataNode.of(m.nodeId(), m.host(), m.port()))
                    .toList());
        });
    }

    @Override
    public Flux<String> changes() {
        return ring.events()
                .filter(event -> MEMBERSHIP.contains(event.type()))
                .map(event -> event.type() + " " + event.subject());
    }

    static boolean liveData(MemberView member) {
        return "data".equalsIgnoreCase(member.role())
                && ("ALIVE".equalsIgnoreCase(member.status()) || "SUSPECT".equalsIgnoreCase(member.status()));
    }
}
