package org.dispotify.data.replication;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.data.store.CorruptCoverException;
import org.dispotify.data.store.CoverStore;
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
 * Replaces a cover that failed its hash on read, or that a song refers to but this node lacks, with a
 * good copy from another live data node (checked against the hash there and here). One repair per cover
 * at a time, as {@link ChunkRepair} does for chunks.
 */
@Component
class CoverRepair implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CoverRepair.class);

    private final CoverStore covers;
    private final CoverCopy copy;
    private final DataNodeDirectory directory;
    private final LocalNode local;
    private final ReplicationMetrics metrics;
    private final Set<String> repairing = ConcurrentHashMap.newKeySet();
    private Disposable running = () -> { };

    CoverRepair(CoverStore covers, CoverCopy copy, DataNodeDirectory directory, LocalNode local,
                ReplicationMetrics metrics) {
        this.covers = covers;
        this.copy = copy;
        this.directory = directory;
        this.local = local;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        running = covers.corruptions()
                .onBackpressureDrop()
                .map(CorruptCoverException::sha256)
                .filter(repairing::add)
                .flatMap(sha -> repair(sha)
                        .onErrorResume(e -> {
                            log.warn("Could not repair cover {}: {}", sha, ReplicaClient.describe(e));
                            return Mono.empty();
                        })
                        .doFinally(signal -> repairing.remove(sha)), 2)
                .subscribe();
    }

    Mono<Void> repair(String sha256) {
        return directory.liveDataNodes()
                .flatMapMany(live -> Flux.fromIterable(live).filter(node -> !node.id().equals(local.id())))
                .concatMap(peer -> copy.fromPeer(sha256, peer.url())
                        .onErrorResume(e -> {
                            log.debug("{} had no good cover {}: {}", peer.id(), sha256, ReplicaClient.describe(e));
                            return Mono.empty();
                        }))
                .next()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no other live data node holds a good copy")))
                .flatMap(covers::replace)
                .doOnSuccess(done -> {
                    metrics.coverRepaired();
                    log.info("Repaired cover {} from another holder", sha256);
                });
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
