package org.dispotify.ring.sim;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.membership.Directory;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.Role;

import reactor.core.publisher.Mono;

/**
 * One process's client of the simulated name service: answers take a round trip; while the service is
 * down, a call fails after the client's timeout, except that resolving falls back to the last answer
 * this client had (as {@code NameServiceClient} serves its last good answer, marked stale).
 */
final class SimDirectory implements Directory {

    private static final long ROUND_TRIP = 1_000_000;
    private static final long CLIENT_TIMEOUT = 1_000_000_000;

    private final NameService names;
    private final NodeScheduler scheduler;
    private List<Peer> lastGood;

    SimDirectory(NameService names, NodeScheduler scheduler) {
        this.names = names;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<List<Peer>> members() {
        return Mono.create(sink -> scheduler.schedule(() -> {
            if (names.down()) {
                if (lastGood != null) {
                    sink.success(lastGood);
                } else {
                    sink.error(new IllegalStateException("no name server answered"));
                }
                return;
            }
            lastGood = names.members();
            sink.success(lastGood);
        }, names.down() ? CLIENT_TIMEOUT : ROUND_TRIP, TimeUnit.NANOSECONDS));
    }

    @Override
    public Mono<Void> deregister(Role role, String nodeId) {
        return Mono.create(sink -> scheduler.schedule(() -> {
            if (names.down()) {
                sink.error(new IllegalStateException("no name server answered"));
                return;
            }
            names.deregister(role, nodeId);
            sink.success();
        }, names.down() ? CLIENT_TIMEOUT : ROUND_TRIP, TimeUnit.NANOSECONDS));
    }
}
