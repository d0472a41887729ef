package org.dispotify.data.store;

import java.nio.ByteBuffer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.dispotify.data.system.DataProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads one chunk's bytes into direct memory, which the network layer writes to sockets without a
 * further copy. Blocking: call it on the io scheduler. Recently read chunks stay in a bounded cache
 * so that the listeners of one song share one copy; caching is safe because a chunk never changes
 * (the song id is the hash of the file). Callers must not write to the returned buffers.
 *
 * <p>Every read from SQLite is checked against the chunk's stored SHA-256 (about 0.1 ms for a 100 KB
 * chunk, small next to the read itself): a damaged chunk fails the read with
 * {@link CorruptChunkException} and is reported to {@link ChunkCorruption}, never sent or cached.
 */
@Component
public class ChunkReader {

    private static final String SELECT_BYTES = "SELECT bytes, sha256 FROM chunks WHERE song_id = ? AND idx = ?";

    private final JdbcTemplate jdbc;
    private final Cache<ChunkKey, ByteBuffer> cache;
    private final Counter reads;
    private final ChunkCorruption corruption;

    ChunkReader(JdbcTemplate jdbc, DataProperties properties, MeterRegistry meters, ChunkCorruption corruption) {
        this.jdbc = jdbc;
        this.corruption = corruption;
        long capacity = properties.chunkCacheSize().toBytes();
        this.cache = capacity == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(capacity)
                .<ChunkKey, ByteBuffer>weigher((key, bytes) -> bytes.capacity())
                .build();
        this.reads = Counter.builder("dispotify.data.chunk.reads")
                .description("Chunks read from SQLite (cache misses)")
                .register(meters);
    }

    /** @return the whole chunk (position 0, limit its size), or null when the row is gone */
    public ByteBuffer read(String songId, int index) {
        if (cache == null) {
            return select(songId, index);
        }
        ChunkKey key = new ChunkKey(songId, index);
        ByteBuffer cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached.duplicate();
        }
        ByteBuffer bytes = select(songId, index);
        if (bytes != null) {
            cache.put(key, bytes);
            return bytes.duplicate();
        }
        return null;
    }

    /** The chunk if it is in the cache, else null; never blocks, so any thread may ask. */
    public ByteBuffer cached(String songId, int index) {
        if (cache == null) {
            return null;
        }
        ByteBuffer cached = cache.getIfPresent(new ChunkKey(songId, index));
        return cached == null ? null : cached.duplicate();
    }

    void evict(String songId, int index) {
        if (cache != null) {
            cache.invalidate(new ChunkKey(songId, index));
        }
    }

    void evict(String songId) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(key -> key.songId().equals(songId));
        }
    }

    /**
     * The chunk straight from SQLite, past the cache, checked against its hash: what replication sends
     * to other nodes. Null when the row is gone.
     *
     * @throws CorruptChunkException when the bytes do not match the stored hash
     */
    public byte[] readVerified(String songId, int index) {
        reads.increment();
        return jdbc.query(SELECT_BYTES, rs -> rs.next() ? verified(songId, index, rs.getBytes(1), rs.getString(2)) : null,
                songId, index);
    }

    /**
     * Checks one stored chunk against its hash, past the cache and without counting it as a read: the
     * scrub's check. A damaged chunk is reported to {@link ChunkCorruption} (and so repaired) as on a read.
     * Blocking.
     *
     * @return the chunk's size and whether it matched; null when the row is gone or has no hash yet
     */
    public ChunkCheck check(String songId, int index) {
        return jdbc.query(SELECT_BYTES, rs -> {
            if (!rs.next()) {
                return null;
            }
            byte[] bytes = rs.getBytes(1);
            String sha256 = rs.getString(2);
            if (sha256 == null) {
                return null;
            }
            boolean intact = sha256.equals(Sha256.hex(bytes));
            if (!intact) {
                corruption.report(new CorruptChunkException(songId, index), "by the scrub");
            }
            return new ChunkCheck(bytes.length, intact);
        }, songId, index);
    }

    /** What {@link #check} found: the chunk's size in bytes and whether it matched its hash. */
    public record ChunkCheck(long bytes, boolean intact) {
    }

    private ByteBuffer select(String songId, int index) {
        byte[] bytes = readVerified(songId, index);
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private byte[] verified(String songId, int index, byte[] bytes, String sha256) {
        // A null hash is a row from before hashes were stored; ChunkHashBackfill fills it soon.
        if (sha256 != null && !sha256.equals(Sha256.hex(bytes))) {
            CorruptChunkException corrupt = new CorruptChunkException(songId, index);
            corruption.report(corrupt, "on read");
            throw corrupt;
        }
        return bytes;
    }

    private record ChunkKey(String songId, int index) {
    }
}
