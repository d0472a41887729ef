package org.dispotify.data.replication;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.data.store.ChunkCorruption;
import org.dispotify.data.store.CorruptChunkException;
import org.dispotify.data.store.Sha256;
import org.dispotify.data.store.SongManifest;
import org.dispotify.data.store.SongStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Replaces a chunk that failed its hash on read (or in the scrub) with a good copy from another holder: the holder's
 * manifest gives the chunk's hash, the holder's chunk (checked there too) must match it, and only then
 * are the stored bytes and hash replaced. One repair per chunk at a time.
 */
@Component
class ChunkRepair implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChunkRepair.class);
    private static final int REPORTS_QUEUED = 4096;

    private final ChunkCorruption corruption;
    private final DataNodeDirectory directory;
    private final ReplicaClient client;
    private final SongStore store;
    private final LocalNode local;
    private final ReplicationMetrics metrics;
    private final Set<String> repairing = ConcurrentHashMap.newKeySet();
    private Disposable running = () -> { };

    ChunkRepair(ChunkCorruption corruption, DataNodeDirectory directory, ReplicaClient client, SongStore store,
                LocalNode local, ReplicationMetrics metrics) {
        this.corruption = corruption;
        this.directory = directory;
        this.client = client;
        this.store = store;
        this.local = local;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        running = corruption.reports()
                // A scrub pass may find many damaged chunks in a row: they wait their turn (a bounded queue;
                // past it a report is dropped, and the next pass or read finds that chunk again).
                .onBackpressureBuffer(REPORTS_QUEUED, dropped -> log.warn(
                        "Too many damaged chunks waiting for repair; chunk {} of {} waits for the next check",
                        dropped.index(), dropped.songId()), BufferOverflowStrategy.DROP_LATEST)
                .filter(corrupt -> repairing.add(key(corrupt)))
                .flatMap(corrupt -> repair(corrupt)
                        .onErrorResume(e -> {
                            log.warn("Could not repair chunk {} of {}: {}", corrupt.index(), corrupt.songId(),
                                    ReplicaClient.describe(e));
                            return Mono.empty();
                        })
                        .doFinally(signal -> repairing.remove(key(corrupt))), 2)
                .subscribe();
    }

    Mono<Void> repair(CorruptChunkException corrupt) {
        String id = corrupt.songId();
        return directory.liveDataNodes()
                .flatMapMany(live -> Flux.fromIterable(live).filter(node -> !node.id().equals(local.id())))
                .concatMap(peer -> fetch(peer, id, corrupt.index())
                        .onErrorResume(e -> {
                            log.debug("{} had no good chunk {} of {}: {}", peer.id(), corrupt.index(), id,
                                    ReplicaClient.describe(e));
                            return Mono.empty();
                        }))
                .next()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no other live data node holds a good copy")))
                .flatMap(good -> store.replaceChunk(id, corrupt.index(), good.bytes(), good.sha256()))
                .doOnNext(replaced -> {
                    metrics.chunkRepaired();
                    log.info("Repaired chunk {} of {} from another holder", corrupt.index(), id);
                })
                .then();
    }

    private Mono<GoodChunk> fetch(DataNode peer, String id, int index) {
        return client.manifest(peer.url(), id)
                .flatMap(manifest -> {
                    if (index < 0 || index >= manifest.chunks().size()) {
                        return Mono.error(new ReplicaMismatchException("no chunk " + index));
                    }
                    SongManifest.Chunk chunk = manifest.chunks().get(index);
                    return client.chunk(peer.url(), id, index, chunk.byteLength())
                            .filter(bytes -> bytes.length == chunk.byteLength() && Sha256.hex(bytes).equals(chunk.sha256()))
                            .map(bytes -> new GoodChunk(bytes, chunk.sha256()));
                });
    }

    @Override
    public void destroy() {
        running.dispose();
    }

    private static String key(CorruptChunkException corrupt) {
        return corrupt.songId() + "#" + corrupt.index();
    }

    private record GoodChunk(byte[] bytes, String sha256) {
    }
}
