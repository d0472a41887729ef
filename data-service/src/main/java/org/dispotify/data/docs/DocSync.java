package org.dispotify.data.docs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.dispotify.data.replication.DataNode;
import org.dispotify.data.replication.DataNodeDirectory;
import org.dispotify.data.replication.LocalNode;
import org.dispotify.data.replication.Placement;
import org.dispotify.data.replication.ReplicationProperties;
import org.dispotify.data.system.DataProperties;
import org.dispotify.data.system.Jitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Anti-entropy for documents: each document belongs to the {@code replication-factor} live data nodes that
 * rendezvous hashing ranks first for its key (as songs do). Every sync interval, and soon after the data
 * nodes change, this node compares its keys and digests with each other live data node's and, for every
 * key that peer owns, sends its copy where the digests differ (the answer is the peer's merged copy, which
 * this node merges back: one exchange brings both up to date) and fetches what the peer holds of the keys
 * this node owns and lacks. So a write that reached one owner reaches the other, and when owners change,
 * whoever holds a document hands it to its new owners. Copies on nodes that no longer own a key are left
 * in place (they are small and harmless; reads go to owners). Each round lists every peer's keys: fine
 * for thousands of documents; a digest tree per key range is the next step when there are millions.
 */
@Component
class DocSync implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DocSync.class);

    private final DataNodeDirectory directory;
    private final DocStore store;
    private final DocClient client;
    private final LocalNode local;
    private final ReplicationProperties properties;
    private final int factor;
    private final AtomicLong behind = new AtomicLong();
    private Disposable running = () -> { };

    DocSync(DataNodeDirectory directory, DocStore store, DocClient client, LocalNode local,
            ReplicationProperties properties, DataProperties data, MeterRegistry meters) {
        this.directory = directory;
        this.store = store;
        this.client = client;
        this.local = local;
        this.properties = properties;
        this.factor = data.replicationFactor();
        Gauge.builder("dispotify.docs.out.of.sync", behind, AtomicLong::get)
                .description("Documents this node found different on (or missing from) one of their owners in its last sync round")
                .register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Flux<String> periodic = Mono.defer(() -> Mono.delay(Jitter.around(properties.syncInterval()))).map(tick -> "periodic").repeat();
        Flux<String> changes = directory.changes().sampleTimeout(change -> Mono.delay(properties.eventDelay()));
        running = Flux.merge(Flux.just("start"), periodic, changes)
                .onBackpressureLatest()
                .concatMap(reason -> round().onErrorResume(e -> {
                    log.warn("Document sync round failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void destroy() {
        running.dispose();
    }

    /** One round now; for tests that cannot wait for the next. */
    Mono<Void> syncNow() {
        return round();
    }

    private Mono<Void> round() {
        if (!local.isData()) {
            return Mono.empty();
        }
        // Holders push to owners, so a node that holds no document has nothing to send; what it owns reaches
        // it from the others' rounds. Without documents (a library with no accounts yet) a round costs nothing.
        return store.count().flatMap(held -> held == 0 ? Mono.fromRunnable(() -> behind.set(0)) : compare());
    }

    private Mono<Void> compare() {
        return directory.liveDataNodes().flatMap(live -> {
            DataNode self = local.node();
            Map<String, DataNode> members = new LinkedHashMap<>();
            live.forEach(node -> members.put(node.id(), node));
            members.put(self.id(), self);
            List<DataNode> peers = members.values().stream().filter(n -> !n.id().equals(self.id())).toList();
            AtomicLong differing = new AtomicLong();
            return allLocal().flatMap(mine -> Flux.fromIterable(peers)
                    .flatMap(peer -> syncWith(peer, mine, members.keySet(), self.id(), differing)
                            .onErrorResume(e -> {
                                log.debug("Document sync with {} failed: {}", peer.id(), e.toString());
                                return Mono.empty();
                            }), 2)
                    .then(Mono.fromRunnable(() -> behind.set(differing.get()))));
        });
    }

    private Mono<Map<String, String>> allLocal() {
        Map<String, String> all = new HashMap<>();
        return store.page(null, DocController.MAX_PAGE)
                .expand(page -> page.size() < DocController.MAX_PAGE ? Mono.empty()
                        : store.page(page.get(page.size() - 1).key(), DocController.MAX_PAGE))
                .doOnNext(page -> page.forEach(d -> all.put(d.key(), d.digest())))
                .then(Mono.fromSupplier(() -> all));
    }

    private Mono<Void> syncWith(DataNode peer, Map<String, String> mine, Set<String> members, String self, AtomicLong differing) {
        return client.digests(peer).flatMap(list -> {
            Map<String, String> theirs = new HashMap<>();
            list.forEach(d -> theirs.put(d.key(), d.digest()));
            Flux<Mono<Void>> pushes = Flux.fromIterable(mine.entrySet())
                    .filter(e -> !e.getValue().equals(theirs.get(e.getKey()))
                            && Placement.owners(e.getKey(), members, factor).contains(peer.id()))
                    .map(e -> push(peer, e.getKey()));
            Flux<Mono<Void>> pulls = Flux.fromIterable(theirs.keySet())
                    .filter(key -> !mine.containsKey(key) && Placement.owners(key, members, factor).contains(self))
                    .map(key -> pull(peer, key));
            return Flux.concat(pushes, pulls)
                    .doOnNext(step -> differing.incrementAndGet())
                    .flatMap(step -> step, 4)
                    .then();
        });
    }

    private Mono<Void> push(DataNode peer, String key) {
        return store.get(key)
                .flatMap(stored -> client.merge(peer, key, stored.doc()))
                // What the peer held that this copy lacked comes back in its answer; merging an equal copy writes nothing.
                .flatMap(answer -> store.merge(key, answer.doc()))
                .then();
    }

    private Mono<Void> pull(DataNode peer, String key) {
        return client.get(peer, key).flatMap(answer -> store.merge(key, answer.doc())).then();
    }
}
