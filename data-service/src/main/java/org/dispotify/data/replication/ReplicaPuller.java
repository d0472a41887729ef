package org.dispotify.data.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.data.store.ChunkLayout;
import org.dispotify.data.store.Sha256;
import org.dispotify.data.store.SongManifest;
import org.dispotify.data.store.SongRow;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.system.DataSchedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Copies a song from another data node: its manifest, then chunk by chunk into a temp file, each chunk
 * checked against the manifest's SHA-256 and the whole file against the song id (the SHA-256 of the
 * file), then its cover (see {@link CoverCopy}), then one transaction as an upload does. Nothing is
 * stored unless every byte checked out. Two
 * requests for one song share one copy. Background copies go through {@link BackgroundTransfers}, and
 * wait for the shared byte rate before each chunk.
 */
@Component
class ReplicaPuller {

    private static final Logger log = LoggerFactory.getLogger(ReplicaPuller.class);

    private final SongStore store;
    private final ReplicaClient client;
    private final BackgroundTransfers transfers;
    private final DataSchedulers schedulers;
    private final ReplicationMetrics metrics;
    private final LocalNode local;
    private final CoverCopy coverCopy;
    private final Path spoolDir;
    private final Map<String, Mono<Boolean>> inFlight = new ConcurrentHashMap<>();

    ReplicaPuller(SongStore store, ReplicaClient client, BackgroundTransfers transfers, DataSchedulers schedulers,
                  ReplicationMetrics metrics, LocalNode local, CoverCopy coverCopy,
                  @Value("${dispotify.dir:.dispotify}") Path dir) {
        this.coverCopy = coverCopy;
        this.store = store;
        this.client = client;
        this.transfers = transfers;
        this.schedulers = schedulers;
        this.metrics = metrics;
        this.local = local;
        this.spoolDir = dir.resolve("replicas").toAbsolutePath();
        // Left over by a process that died mid-copy; nothing else uses this directory.
        try (var stale = Files.list(spoolDir)) {
            stale.forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Not there yet.
        }
    }

    /** Makes this node hold song {@code id}, copying it from {@code from} unless it is here already. */
    Mono<Pulled> pull(String id, String from, boolean background) {
        return Mono.defer(() -> {
            if (store.holds(id)) {
                return Mono.just(new Pulled(id, local.id(), false));
            }
            Mono<Boolean> copy = inFlight.computeIfAbsent(id, key -> {
                Mono<Boolean> work = copy(id, from, background);
                return (background ? transfers.submit(work) : work)
                        .doFinally(signal -> inFlight.remove(key))
                        .cache();
            });
            return copy.map(created -> new Pulled(id, local.id(), created));
        });
    }

    private Mono<Boolean> copy(String id, String from, boolean throttled) {
        return Mono.defer(() -> {
            if (store.holds(id)) {
                return Mono.just(false);
            }
            long started = System.nanoTime();
            return client.manifest(from, id)
                    .flatMap(manifest -> {
                        check(id, manifest);
                        return Mono.usingWhen(tempFile(), file -> fetchAndStore(id, from, manifest, file, throttled),
                                file -> Mono.fromRunnable(() -> delete(file)).subscribeOn(schedulers.io()));
                    })
                    .doOnNext(created -> {
                        metrics.pulled();
                        log.info("Copied song {} from {} in {} ms", id, from, (System.nanoTime() - started) / 1_000_000);
                    })
                    .doOnError(e -> {
                        metrics.pullFailed();
                        log.warn("Could not copy song {} from {}: {}", id, from, ReplicaClient.describe(e));
                    });
        });
    }

    private Mono<Boolean> fetchAndStore(String id, String from, SongManifest manifest, Path file, boolean throttled) {
        MessageDigest whole = Sha256.digest();
        return Flux.fromIterable(manifest.chunks())
                .concatMap(chunk -> throttle(chunk.byteLength(), throttled)
                        .then(client.chunk(from, id, chunk.index(), chunk.byteLength()))
                        .flatMap(bytes -> {
                            if (bytes.length != chunk.byteLength() || !Sha256.hex(bytes).equals(chunk.sha256())) {
                                return Mono.error(new ReplicaMismatchException("chunk " + chunk.index() + " of " + id
                                        + " from " + from + " does not match its manifest"));
                            }
                            whole.update(bytes);
                            return Mono.fromRunnable(() -> write(file, chunk.byteOffset(), bytes))
                                    .subscribeOn(schedulers.io())
                                    .doOnSuccess(done -> metrics.moved(bytes.length));
                        }), 1)
                .then(Mono.defer(() -> {
                    String hash = Sha256.hex(whole);
                    if (!hash.equals(id)) {
                        return Mono.error(new ReplicaMismatchException("the chunks of " + id + " from " + from
                                + " hash to " + hash));
                    }
                    SongRow row = manifest.song().storedAt(System.currentTimeMillis());
                    List<ChunkLayout> layouts = manifest.chunks().stream().map(SongManifest.Chunk::layout).toList();
                    return coverCopy.fetch(row.coverSha256(), from)
                            .map(java.util.Optional::of)
                            .defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(cover -> store.insert(row, layouts, layout -> layout.readFrom(file), cover.orElse(null)))
                            .map(SongStore.Insert::created);
                }));
    }

    private Mono<Void> throttle(long bytes, boolean throttled) {
        if (!throttled) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            var wait = transfers.limiter().reserve(bytes);
            return wait.isZero() ? Mono.empty() : Mono.delay(wait).then();
        });
    }

    /** A manifest must describe the song it names, as contiguous chunks that add up to the file. */
    static void check(String id, SongManifest manifest) {
        SongRow song = manifest.song();
        if (song == null || !id.equals(song.id()) || manifest.chunks().size() != song.chunkCount()
                || manifest.chunks().isEmpty()) {
            throw new ReplicaMismatchException("the manifest of " + id + " does not describe it");
        }
        long offset = 0;
        for (int i = 0; i < manifest.chunks().size(); i++) {
            SongManifest.Chunk chunk = manifest.chunks().get(i);
            if (chunk.index() != i || chunk.byteOffset() != offset || chunk.byteLength() <= 0
                    || chunk.byteLength() > Integer.MAX_VALUE - 8 || chunk.sha256() == null) {
                throw new ReplicaMismatchException("chunk " + i + " of the manifest of " + id + " is malformed");
            }
            offset += chunk.byteLength();
        }
        if (offset != song.sizeBytes()) {
            throw new ReplicaMismatchException("the chunks of " + id + " cover " + offset + " of " + song.sizeBytes()
                    + " bytes");
        }
    }

    private Mono<Path> tempFile() {
        return Mono.fromCallable(() -> {
            Files.createDirectories(spoolDir);
            return Files.createTempFile(spoolDir, "replica-", ".part");
        }).subscribeOn(schedulers.io());
    }

    private static void write(Path file, long offset, byte[] bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = offset;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", file, e.toString());
        }
    }
}
