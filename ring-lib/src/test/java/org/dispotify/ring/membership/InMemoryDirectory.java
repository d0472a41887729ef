package org.dispotify.ring.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.Role;

import reactor.core.publisher.Mono;

/** A name service stand-in: what is registered, and every deregistration the ring asked for. */
public final class InMemoryDirectory implements Directory {

    private final Map<String, Peer> registered = new ConcurrentHashMap<>();
    public final List<String> deregistrations = new CopyOnWriteArrayList<>();

    public void register(Peer peer) {
        registered.put(peer.nodeId(), peer);
    }

    @Override
    public Mono<List<Peer>> members() {
        return Mono.fromSupplier(() -> new ArrayList<>(registered.values()));
    }

    @Override
    public Mono<Void> deregister(Role role, String nodeId) {
        return Mono.fromRunnable(() -> {
            deregistrations.add(role.groupName() + "/" + nodeId);
            registered.remove(nodeId);
        });
    }
}
