package org.dispotify.data.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.data.store.SongStore;
import org.dispotify.data.stream.OpenStreams;
import org.dispotify.data.system.DataProperties;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.data.system.Jitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps every song on its owners: rebalancing after membership changes and anti-entropy in between.
 * A round, on every membership change (after a short delay) and periodically (jittered):
 * <ol>
 * <li>learn what this node owns but lacks: per peer, compare the digest of the songs both own; on a
 *     mismatch (or in a full round: after a change, at start, every n-th round) list the peer's songs
 *     this node owns;</li>
 * <li>ask the owners of the songs held here whether they hold them;</li>
 * <li>copy what is missing here (from a holder, chunks checked by hash) and ask owners that lack a
 *     song held here to copy it from here;</li>
 * <li>delete the copies held here that this node does not own, once every owner confirmed its copy
 *     and the member set has been stable for {@code trim-delay};</li>
 * <li>publish how many songs held or owned here have fewer live holders than they need.</li>
 * </ol>
 * Rounds never overlap; triggers that come during a round run one more round after it.
 */
@Component
class ReplicaSync implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSync.class);

    private final DataNodeDirectory directory;
    private final SongStore store;
    private final ReplicaClient client;
    private final ReplicaPuller puller;
    private final ReplicaIndex index;
    private final LocalNode local;
    private final ReplicationMetrics metrics;
    private final ReplicationProperties properties;
    private final DataSchedulers schedulers;
    private final OpenStreams openStreams;
    private final int factor;
    private final AtomicBoolean fullRequested = new AtomicBoolean(true);
    private final AtomicLong rounds = new AtomicLong();
    private final Map<String, Boolean> pushing = new ConcurrentHashMap<>();
    private volatile Set<String> lastMembers = Set.of();
    private volatile long membersChangedAt = System.nanoTime();
    private Disposable running = () -> { };
    private final Disposable.Composite background = Disposables.composite();

    ReplicaSync(DataNodeDirectory directory, SongStore store, ReplicaClient client, ReplicaPuller puller,
                ReplicaIndex index, LocalNode local, ReplicationMetrics metrics, ReplicationProperties properties,
                DataProperties data, DataSchedulers schedulers, OpenStreams openStreams) {
        this.directory = directory;
        this.store = store;
        this.client = client;
        this.puller = puller;
        this.index = index;
        this.local = local;
        this.metrics = metrics;
        this.properties = properties;
        this.schedulers = schedulers;
        this.openStreams = openStreams;
        this.factor = data.replicationFactor();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Flux<String> periodic = Mono.defer(() -> Mono.delay(Jitter.around(properties.syncInterval())))
                .map(tick -> "periodic")
                .repeat();
        Flux<String> changes = directory.changes()
                .doOnNext(change -> {
                    log.info("Data nodes changed ({}): syncing replicas", change);
                    fullRequested.set(true);
                })
                .sampleTimeout(change -> Mono.delay(properties.eventDelay()));
        running = Flux.merge(Flux.just("start"), periodic, changes)
                .onBackpressureLatest()
                .concatMap(reason -> round()
                        .onErrorResume(e -> {
                            log.warn("Replica sync round failed: {}", ReplicaClient.describe(e));
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    /** Runs one round now (after the current one); for tests and benchmarks that cannot wait. */
    Mono<Void> syncNow() {
        fullRequested.set(true);
        return round();
    }

    @Override
    public void destroy() {
        running.dispose();
        background.dispose();
    }

    private Mono<Void> round() {
        return directory.liveDataNodes().flatMap(live -> {
            DataNode self = local.node();
            boolean selfIsData = local.isData();
            Membership members = Membership.of(live, self, selfIsData, factor);
            if (!members.ids().equals(lastMembers)) {
                lastMembers = members.ids();
                membersChangedAt = System.nanoTime();
                fullRequested.set(true);
            }
            boolean full = fullRequested.getAndSet(false) || rounds.getAndIncrement() % properties.fullSyncEvery() == 0
                    || metrics.underReplicated() > 0;
            if (members.isEmpty() || (!selfIsData && store.count() == 0)) {
                metrics.underReplicated(0);
                return Mono.empty();
            }
            return new Round(members, self, selfIsData, full).run();
        });
    }

    /** One round's state: the members it counts, and what it learned from them. */
    private final class Round {

        private final Membership members;
        private final DataNode self;
        private final boolean selfIsData;
        private final boolean full;
        private final List<DataNode> peers;
        private final Set<String> matchedPeers = ConcurrentHashMap.newKeySet();
        private final Map<String, List<DataNode>> wanted = new ConcurrentHashMap<>();
        private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
        private final Map<String, Set<String>> holders = new ConcurrentHashMap<>();

        Round(Membership members, DataNode self, boolean selfIsData, boolean full) {
            this.members = members;
            this.self = self;
            this.selfIsData = selfIsData;
            this.full = full;
            this.peers = members.nodes().stream().filter(n -> !n.id().equals(self.id())).toList();
        }

        Mono<Void> run() {
            long started = System.nanoTime();
            return learnMissing()
                    .then(askHolders())
                    .then(Mono.fromRunnable(() -> metrics.underReplicated(underReplicated(wanted.keySet()))))
                    .doOnSuccess(asked -> pushToOwners())
                    .then(pullMissing())
                    .flatMap(failed -> trim().thenReturn(failed))
                    .doOnNext(failed -> {
                        long under = underReplicated(failed);
                        metrics.underReplicated(under);
                        if (!wanted.isEmpty() || under > 0 || full) {
                            log.debug("Replica sync ({}) with {}: {} to copy here, {} under-replicated, {} ms",
                                    full ? "full" : "digest", members.ids(), wanted.size(), under,
                                    (System.nanoTime() - started) / 1_000_000);
                        }
                    })
                    .then();
        }

        /** Step 1: the ids this node owns that a peer holds and this node lacks. */
        private Mono<Void> learnMissing() {
            if (!selfIsData) {
                return Mono.empty();
            }
            return Flux.fromIterable(peers)
                    .flatMap(peer -> needsListing(peer)
                            .filter(Boolean::booleanValue)
                            .flatMapMany(list -> client.ids(peer, self.id(), members))
                            .filter(id -> !store.holds(id))
                            .doOnNext(id -> wanted.computeIfAbsent(id, key -> new ArrayList<>()).add(peer))
                            .then()
                            .onErrorResume(e -> {
                                unreachable.add(peer.id());
                                log.debug("Could not list the songs of {}: {}", peer.id(), ReplicaClient.describe(e));
                                return Mono.empty();
                            }), 4)
                    .then();
        }

        private Mono<Boolean> needsListing(DataNode peer) {
            if (full) {
                return Mono.just(true);
            }
            return Mono.zip(Mono.fromCallable(() -> index.digest(members, self.id(), peer.id())).subscribeOn(schedulers.io()),
                            client.digest(peer, self.id(), peer.id(), members))
                    .map(digests -> {
                        boolean same = digests.getT1().equals(digests.getT2());
                        if (same) {
                            matchedPeers.add(peer.id());
                        }
                        return !same;
                    });
        }

        /** Step 2: which owners of the songs held here hold them too. */
        private Mono<Void> askHolders() {
            Map<String, List<String>> ask = new HashMap<>();
            for (String id : store.ids()) {
                Set<String> known = holders.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet());
                known.add(self.id());
                for (String owner : members.owners(id)) {
                    if (owner.equals(self.id())) {
                        continue;
                    }
                    if (matchedPeers.contains(owner) && members.owns(self.id(), id)) {
                        // Equal digests: the peer holds every song both own that this node holds.
                        known.add(owner);
                    } else {
                        ask.computeIfAbsent(owner, key -> new ArrayList<>()).add(id);
                    }
                }
            }
            return Flux.fromIterable(ask.entrySet())
                    .flatMap(entry -> members.node(entry.getKey())
                            .map(peer -> client.holdings(peer, entry.getValue())
                                    .doOnNext(held -> held.forEach(id -> holders.get(id).add(peer.id())))
                                    .then()
                                    .onErrorResume(e -> {
                                        unreachable.add(peer.id());
                                        log.debug("{} did not say what it holds: {}", peer.id(), ReplicaClient.describe(e));
                                        return Mono.empty();
                                    }))
                            .orElse(Mono.empty()), 4)
                    .then();
        }

        /** Step 3a: copy here what this node owns and lacks; returns the ids that could not be copied. */
        private Mono<Set<String>> pullMissing() {
            Set<String> failed = ConcurrentHashMap.newKeySet();
            return Flux.fromIterable(new ArrayList<>(wanted.entrySet()))
                    .flatMap(entry -> pullFromAny(entry.getKey(), entry.getValue(), 0)
                            .doOnNext(pulled -> {
                                if (pulled.created()) {
                                    metrics.copyRestored();
                                }
                            })
                            .onErrorResume(e -> {
                                failed.add(entry.getKey());
                                return Mono.empty();
                            }), properties.transfers() * 4)
                    .then(Mono.fromSupplier(() -> failed));
        }

        private Mono<Pulled> pullFromAny(String id, List<DataNode> sources, int next) {
            if (next >= sources.size()) {
                return Mono.error(new IllegalStateException("no source left for " + id));
            }
            return puller.pull(id, sources.get(next).url(), true)
                    .onErrorResume(e -> pullFromAny(id, sources, next + 1));
        }

        /**
         * Step 3b: owners that lack a song held here copy it from here. Not awaited: a slow owner must not
         * hold up the next round; one push per song and owner at a time.
         */
        private void pushToOwners() {
            List<Map.Entry<String, DataNode>> pushes = new ArrayList<>();
            holders.forEach((id, known) -> {
                for (String owner : members.owners(id)) {
                    if (!known.contains(owner) && !unreachable.contains(owner)) {
                        members.node(owner).ifPresent(node -> pushes.add(Map.entry(id, node)));
                    }
                }
            });
            background.add(Flux.fromIterable(pushes)
                    .filter(push -> pushing.putIfAbsent(push.getKey() + "@" + push.getValue().id(), true) == null)
                    .flatMap(push -> client.replicate(push.getValue(), push.getKey(), self.url(), true,
                                    properties.pullTimeout(), 2)
                            .doOnNext(pulled -> holders.computeIfPresent(push.getKey(), (id, known) -> {
                                known.add(push.getValue().id());
                                return known;
                            }))
                            .onErrorResume(e -> {
                                log.debug("{} did not copy {} from here: {}", push.getValue().id(), push.getKey(),
                                        ReplicaClient.describe(e));
                                return Mono.empty();
                            })
                            .doFinally(signal -> pushing.remove(push.getKey() + "@" + push.getValue().id())),
                            properties.transfers() * 2)
                    .subscribe());
        }

        /**
         * Step 4: delete surplus copies whose owners all confirmed theirs, once membership has settled; a
         * copy being streamed now stays until a round after its listeners are done.
         */
        private Mono<Void> trim() {
            if (System.nanoTime() - membersChangedAt < properties.trimDelay().toNanos()) {
                return Mono.empty();
            }
            List<String> surplus = new ArrayList<>();
            holders.forEach((id, known) -> {
                List<String> owners = members.owners(id);
                if (!owners.contains(self.id()) && owners.size() == members.needed() && !owners.isEmpty()
                        && known.containsAll(owners) && !openStreams.streaming(id)) {
                    surplus.add(id);
                }
            });
            return Flux.fromIterable(surplus)
                    // Asked again as it deletes: a listener may have started since the list was made.
                    .concatMap(id -> store.deleteUnless(id, () -> openStreams.streaming(id)).doOnNext(deleted -> {
                        if (deleted) {
                            metrics.trimmed();
                            holders.remove(id);
                            log.info("Deleted surplus copy of {}: its owners {} hold it", id, members.owners(id));
                        }
                    }))
                    .then();
        }

        /**
         * Songs held here with fewer confirmed holders than the replication factor, plus owned songs
         * that are not here (yet). Measured against the factor, not against what the live nodes can
         * hold: a lone data node's songs have one copy, and that is what an operator must see.
         */
        private long underReplicated(Set<String> missing) {
            long under = 0;
            for (Map.Entry<String, Set<String>> entry : holders.entrySet()) {
                if (store.holds(entry.getKey()) && entry.getValue().size() < members.factor()) {
                    under++;
                }
            }
            return under + missing.size();
        }
    }
}
