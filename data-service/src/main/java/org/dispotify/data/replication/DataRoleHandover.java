package org.dispotify.data.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.dispotify.data.store.SongStore;
import org.dispotify.data.system.DataProperties;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The data role's part of a role switch, done before the ring switches this node:
 * <ul>
 * <li>becoming a data node: copy every song this node will own (counting itself as a data node), so it
 *     never registers as data while holding nothing;</li>
 * <li>leaving the data role: make sure every song held here is on its owners among the other data nodes
 *     (asking them to copy it from here), or fail, and the ring asks another node.</li>
 * </ul>
 */
@Component
class DataRoleHandover implements RoleHandover {

    private static final Logger log = LoggerFactory.getLogger(DataRoleHandover.class);

    private final DataNodeDirectory directory;
    private final ReplicaClient client;
    private final ObjectProvider<ReplicaPuller> pullers;
    private final ObjectProvider<SongStore> stores;
    private final LocalNode local;
    private final int factor;
    private volatile ReplicaPuller puller;
    private volatile SongStore store;

    /**
     * The puller and the store are looked up at the first handover, not injected: the ring's bean needs
     * this one, and creating the store while the ring is created (it may be, through an early event
     * listener) would be a cycle.
     */
    DataRoleHandover(DataNodeDirectory directory, ReplicaClient client, ObjectProvider<ReplicaPuller> pullers,
                     ObjectProvider<SongStore> stores, LocalNode local, DataProperties data) {
        this.directory = directory;
        this.client = client;
        this.pullers = pullers;
        this.stores = stores;
        this.local = local;
        this.factor = data.replicationFactor();
    }

    @Override
    public Mono<Void> prepare(Role from, Role next) {
        return Mono.defer(() -> {
            puller = pullers.getObject();
            store = stores.getObject();
            if (next == Role.DATA && from != Role.DATA) {
                return pullOwned();
            }
            if (from == Role.DATA && next != Role.DATA) {
                return handOff();
            }
            return Mono.empty();
        });
    }

    private Mono<Void> pullOwned() {
        DataNode self = local.node();
        Map<String, List<DataNode>> wanted = new ConcurrentHashMap<>();
        return directory.liveDataNodes()
                .map(live -> Membership.of(live, self, true, factor))
                .flatMap(members -> Flux.fromIterable(members.nodes())
                        .filter(peer -> !peer.id().equals(self.id()))
                        // A peer that cannot list its songs fails the handover: this node might miss its share.
                        .flatMap(peer -> client.ids(peer, self.id(), members)
                                .filter(id -> !store.holds(id))
                                .doOnNext(id -> wanted.computeIfAbsent(id, key -> new ArrayList<>()).add(peer)), 4)
                        .then())
                .then(Mono.defer(() -> {
                    log.info("Becoming a data node: copying {} songs this node will own", wanted.size());
                    return Flux.fromIterable(wanted.entrySet())
                            .flatMap(entry -> pullFromAny(entry.getKey(), entry.getValue(), 0), 8)
                            .then();
                }))
                .doOnSuccess(done -> log.info("Copied every song this node will own; ready for the data role"));
    }

    private Mono<Pulled> pullFromAny(String id, List<DataNode> sources, int next) {
        if (next >= sources.size()) {
            return Mono.error(new IllegalStateException("no data node could give song " + id));
        }
        return puller.pull(id, sources.get(next).url(), true)
                .onErrorResume(e -> pullFromAny(id, sources, next + 1));
    }

    private Mono<Void> handOff() {
        DataNode self = local.node();
        return directory.liveDataNodes()
                .map(live -> Membership.of(live, self, false, factor))
                .flatMap(members -> {
                    if (members.isEmpty()) {
                        return Mono.error(new IllegalStateException(
                                "no other data node is live; this node's songs would have no holder"));
                    }
                    Map<String, List<String>> byOwner = new HashMap<>();
                    for (String id : store.ids()) {
                        for (String owner : members.owners(id)) {
                            byOwner.computeIfAbsent(owner, key -> new ArrayList<>()).add(id);
                        }
                    }
                    AtomicInteger copied = new AtomicInteger();
                    return Flux.fromIterable(byOwner.entrySet())
                            .flatMap(entry -> {
                                DataNode owner = members.node(entry.getKey()).orElseThrow();
                                return client.holdings(owner, entry.getValue())
                                        .flatMapMany(held -> Flux.fromIterable(entry.getValue())
                                                .filter(id -> !held.contains(id)))
                                        .flatMap(id -> client.replicate(owner, id, self.url(), true,
                                                client.pullTimeout(), 2), 4)
                                        .doOnNext(pulled -> copied.incrementAndGet());
                            }, 4)
                            .then(Mono.fromRunnable(() -> log.info(
                                    "Leaving the data role: {} songs copied to their owners among {}", copied.get(),
                                    members.ids())));
                });
    }
}
