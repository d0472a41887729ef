package org.dispotify.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.dispotify.data.system.DataSchedulers;
import org.springframework.context.annotation.DependsOn;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import reactor.core.publisher.Mono;

/**
 * The song store. Every method returns a Mono that does its JDBC work on the data schedulers: reads
 * on the bounded io pool, writes on the single writer thread, never on the caller's (event loop)
 * thread.
 */
@Component
@DependsOn("dataSchemaInitializer")
public class SongStore {

    private static final String SELECT_LAYOUT = """
            SELECT idx, start_ms, duration_ms, byte_offset, byte_length
            FROM chunks WHERE song_id = ? ORDER BY idx""";
    private static final String INSERT_CHUNK = """
            INSERT INTO chunks (song_id, idx, start_ms, duration_ms, byte_offset, byte_length, sha256, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_HASHES = "SELECT idx, sha256 FROM chunks WHERE song_id = ? ORDER BY idx";
    private static final String CHUNK_TOTALS =
            "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM chunks WHERE song_id = ?";
    private static final Sort CATALOG_ORDER = Sort.by("title", "artist", "id");

    private final SongRepository songs;
    private final JdbcAggregateOperations aggregates;
    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;
    private final DataSchedulers schedulers;
    private final ChunkReader chunkReader;
    private final CoverStore covers;
    // Songs are immutable, so their layouts can be cached; size-bounded, a few KB each.
    private final Cache<String, StoredSong> layouts = Caffeine.newBuilder().maximumSize(10_000).build();
    // The ids of every stored song, in order: replication compares and pages through them without SQL.
    // A song is in the table only with all its chunks (one transaction), so every id here is complete.
    private final NavigableSet<String> held = new ConcurrentSkipListSet<>();
    // Song rows are immutable: the catalog changes only when a song is inserted or deleted. The
    // version is bumped after the commit, so a tag read before a query never vouches for rows it
    // did not see; the epoch keeps tags of an earlier run of this node from matching.
    private final String catalogEpoch = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final AtomicLong catalogVersion = new AtomicLong();

    SongStore(SongRepository songs, JdbcAggregateOperations aggregates, JdbcTemplate jdbc,
              PlatformTransactionManager transactionManager, DataSchedulers schedulers, ChunkReader chunkReader,
              CoverStore covers, MeterRegistry meters) {
        this.covers = covers;
        this.songs = songs;
        this.aggregates = aggregates;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.schedulers = schedulers;
        this.chunkReader = chunkReader;
        held.addAll(jdbc.queryForList("SELECT id FROM songs", String.class));
        Gauge.builder("dispotify.data.songs", held, Set::size)
                .description("Songs stored on this node")
                .register(meters);
    }

    public Mono<StoredSong> find(String id) {
        StoredSong cached = layouts.getIfPresent(id);
        if (cached != null) {
            return Mono.just(cached);
        }
        return Mono.fromCallable(() -> findBlocking(id).orElse(null)).subscribeOn(schedulers.io());
    }

    public Mono<Page<SongRow>> page(int page, int size) {
        return Mono.fromCallable(() -> songs.findAll(PageRequest.of(page, size, CATALOG_ORDER)))
                .subscribeOn(schedulers.io());
    }

    public Mono<Boolean> isComplete(String id) {
        return Mono.fromCallable(() -> completeBlocking(id)).subscribeOn(schedulers.io());
    }

    /**
     * A tag that changes whenever the set of stored songs does (and with every restart): the
     * catalog's entity tag, so routers polling an unchanged list get a 304 and no rows are read.
     */
    public String catalogTag() {
        return catalogEpoch + "-" + catalogVersion.get();
    }

    public long count() {
        return held.size();
    }

    /** The ids of the songs stored here, sorted; a live read-only view. */
    public NavigableSet<String> ids() {
        return Collections.unmodifiableNavigableSet(held);
    }

    public boolean holds(String id) {
        return held.contains(id);
    }

    /** The song with each chunk's hash, or empty if it is not here. */
    public Mono<SongManifest> manifest(String id) {
        return Mono.fromCallable(() -> findBlocking(id).map(this::manifestBlocking).orElse(null))
                .subscribeOn(schedulers.io());
    }

    /**
     * Replaces one chunk's bytes with a good copy (the repair of a damaged chunk); the caller has checked
     * that {@code bytes} hash to {@code sha256}. True when the row was there.
     */
    public Mono<Boolean> replaceChunk(String id, int index, byte[] bytes, String sha256) {
        return Mono.fromCallable(() -> {
            boolean replaced = jdbc.update("UPDATE chunks SET bytes = ?, sha256 = ? WHERE song_id = ? AND idx = ?",
                    bytes, sha256, id, index) > 0;
            chunkReader.evict(id, index);
            return replaced;
        }).subscribeOn(schedulers.writer());
    }

    /**
     * Stores a song and all its chunks in one transaction: either everything is there afterwards or
     * nothing is. Storing a song that is already there changes nothing.
     */
    public Mono<Insert> insert(SongRow song, List<ChunkLayout> chunks, ChunkSource source) {
        return insert(song, chunks, source, null);
    }

    /**
     * As {@link #insert(SongRow, List, ChunkSource)}, with the song's cover in the same transaction (a cover
     * already stored for another song is shared, not stored twice). {@code cover} may be null while
     * {@code song.coverSha256()} is not: a replica whose cover could not be copied; the first read finds it
     * missing and {@link CoverStore#corruptions()} has it fetched from another holder.
     */
    public Mono<Insert> insert(SongRow song, List<ChunkLayout> chunks, ChunkSource source, StoredCover cover) {
        if (cover != null && !cover.sha256().equals(song.coverSha256())) {
            return Mono.error(new IllegalArgumentException("song " + song.id() + " and its cover disagree"));
        }
        return Mono.fromCallable(() -> {
            Insert insert = transactions.execute(tx -> {
                Insert done = insertBlocking(song, chunks, source);
                if (done.created() && cover != null) {
                    covers.insertIfAbsent(cover);
                }
                return done;
            });
            held.add(song.id());
            if (insert.created()) {
                catalogVersion.incrementAndGet();
            }
            return insert;
        }).subscribeOn(schedulers.writer());
    }

    /** Deletes a song and its chunks (replication moves songs away); true when it was there. */
    public Mono<Boolean> delete(String id) {
        return deleteUnless(id, () -> false);
    }

    /**
     * Deletes a song and its chunks unless {@code keep} says otherwise when the writer gets to it (asked on
     * the writer thread, right before the delete); true when it was there and is gone.
     */
    public Mono<Boolean> deleteUnless(String id, BooleanSupplier keep) {
        return Mono.fromCallable(() -> {
            if (keep.getAsBoolean()) {
                return false;
            }
            Boolean deleted = transactions.execute(tx -> {
                List<String> cover = jdbc.queryForList("SELECT cover_sha256 FROM songs WHERE id = ?", String.class, id);
                jdbc.update("DELETE FROM chunks WHERE song_id = ?", id);
                boolean gone = jdbc.update("DELETE FROM songs WHERE id = ?", id) > 0;
                if (!cover.isEmpty() && cover.get(0) != null) {
                    covers.deleteIfUnused(cover.get(0));
                }
                return gone;
            });
            layouts.invalidate(id);
            chunkReader.evict(id);
            held.remove(id);
            if (Boolean.TRUE.equals(deleted)) {
                catalogVersion.incrementAndGet();
            }
            return Boolean.TRUE.equals(deleted);
        }).subscribeOn(schedulers.writer());
    }

    private Insert insertBlocking(SongRow song, List<ChunkLayout> chunks, ChunkSource source) {
        Optional<SongRow> existing = songs.findById(song.id());
        if (existing.isPresent()) {
            return new Insert(existing.get(), false);
        }
        SongRow stored = aggregates.insert(song);
        // The id is the hash of the file as it arrived; what goes into the table must be that file.
        MessageDigest file = Sha256.digest();
        for (ChunkLayout chunk : chunks) {
            byte[] bytes = readChunk(source, chunk);
            file.update(bytes);
            jdbc.update(INSERT_CHUNK, song.id(), chunk.index(), chunk.startMs(), chunk.durationMs(),
                    chunk.byteOffset(), chunk.byteLength(), Sha256.hex(bytes), bytes);
        }
        String inserted = Sha256.hex(file);
        if (!inserted.equals(song.id())) {
            throw new ChunkBytesMismatchException(song.id(), inserted);
        }
        return new Insert(stored, true);
    }

    private static byte[] readChunk(ChunkSource source, ChunkLayout chunk) {
        try {
            byte[] bytes = source.bytes(chunk);
            if (bytes.length != chunk.byteLength()) {
                throw new IllegalStateException("chunk " + chunk.index() + " has " + bytes.length
                        + " bytes, its layout says " + chunk.byteLength());
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<StoredSong> findBlocking(String id) {
        StoredSong cached = layouts.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredSong> loaded = songs.findById(id).map(song -> new StoredSong(song, jdbc.query(SELECT_LAYOUT,
                (rs, row) -> new ChunkLayout(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                id)));
        loaded.ifPresent(song -> layouts.put(id, song));
        return loaded;
    }

    private SongManifest manifestBlocking(StoredSong song) {
        Map<Integer, String> hashes = new HashMap<>();
        jdbc.query(SELECT_HASHES, (RowCallbackHandler) rs -> hashes.put(rs.getInt(1), rs.getString(2)), song.id());
        List<SongManifest.Chunk> chunks = new ArrayList<>();
        for (ChunkLayout layout : song.chunks()) {
            String hash = hashes.get(layout.index());
            if (hash == null) {
                // A row from before hashes were stored: hash it now (and check it on the way).
                byte[] bytes = chunkReader.readVerified(song.id(), layout.index());
                hash = bytes == null ? null : Sha256.hex(bytes);
            }
            chunks.add(new SongManifest.Chunk(layout, hash));
        }
        return new SongManifest(song.song(), chunks);
    }

    private boolean completeBlocking(String id) {
        Optional<SongRow> song = songs.findById(id);
        if (song.isEmpty()) {
            return false;
        }
        long[] totals = jdbc.query(CHUNK_TOTALS, rs -> {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }, id);
        return totals != null && totals[0] == song.get().chunkCount() && totals[1] == song.get().sizeBytes();
    }

    /** The stored song and whether this insert created it (false: the same bytes were already there). */
    public record Insert(SongRow song, boolean created) {
    }
}
