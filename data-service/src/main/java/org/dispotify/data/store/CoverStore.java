package org.dispotify.data.store;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.dispotify.data.system.DataSchedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The covers table. Covers are content-addressed, so a read checks the bytes against the key they are
 * stored under: a damaged (or missing) cover fails with {@link CorruptCoverException} and is reported
 * on {@link #corruptions()}, so replication fetches a good copy from another holder; it is never sent.
 * Verified covers stay in a small cache (they never change). Reads run on the io pool, writes on the
 * writer thread.
 */
@Component
@DependsOn("dataSchemaInitializer")
public class CoverStore {

    private static final Logger log = LoggerFactory.getLogger(CoverStore.class);
    private static final String SELECT = "SELECT mime_type, width, height, bytes FROM covers WHERE sha256 = ?";

    private final JdbcTemplate jdbc;
    private final DataSchedulers schedulers;
    private final Cache<String, StoredCover> cache = Caffeine.newBuilder()
            .maximumWeight(16L * 1024 * 1024)
            .<String, StoredCover>weigher((sha, cover) -> cover.bytes().length)
            .build();
    private final Sinks.Many<CorruptCoverException> corrupt = Sinks.many().multicast().directBestEffort();

    CoverStore(JdbcTemplate jdbc, DataSchedulers schedulers) {
        this.jdbc = jdbc;
        this.schedulers = schedulers;
    }

    /**
     * The cover stored under {@code sha256}, checked; empty when no row has that key.
     *
     * @throws CorruptCoverException (as the Mono's error) when the bytes do not hash to the key
     */
    public Mono<StoredCover> read(String sha256) {
        StoredCover cached = cache.getIfPresent(sha256);
        if (cached != null) {
            return Mono.just(cached);
        }
        return Mono.fromCallable(() -> readVerified(sha256)).subscribeOn(schedulers.io());
    }

    /** Blocking: the checked cover past the cache, or null when no row has the key. */
    public StoredCover readVerified(String sha256) {
        List<StoredCover> rows = jdbc.query(SELECT, (rs, n) -> new StoredCover(sha256, rs.getString(1), rs.getInt(2),
                rs.getInt(3), rs.getBytes(4)), sha256);
        if (rows.isEmpty()) {
            return null;
        }
        StoredCover cover = rows.get(0);
        if (!Sha256.hex(cover.bytes()).equals(sha256)) {
            throw report(new CorruptCoverException(sha256, "does not match its SHA-256"));
        }
        cache.put(sha256, cover);
        return cover;
    }

    /** A song refers to a cover that is not there: as damaged as a cover that fails its hash. */
    public CorruptCoverException missing(String sha256) {
        return report(new CorruptCoverException(sha256, "is missing"));
    }

    /** Stores (or replaces) a cover; the caller has checked that {@code cover.bytes()} hash to its key. */
    public Mono<Void> replace(StoredCover cover) {
        return Mono.<Void>fromRunnable(() -> {
            jdbc.update("INSERT OR REPLACE INTO covers (sha256, mime_type, width, height, bytes) VALUES (?, ?, ?, ?, ?)",
                    cover.sha256(), cover.mimeType(), cover.width(), cover.height(), cover.bytes());
            cache.invalidate(cover.sha256());
        }).subscribeOn(schedulers.writer());
    }

    /** Every damaged or missing cover found from now on (hot). */
    public Flux<CorruptCoverException> corruptions() {
        return corrupt.asFlux();
    }

    /** Blocking, inside the caller's transaction: adds the cover unless a row with its key is there. */
    void insertIfAbsent(StoredCover cover) {
        jdbc.update("INSERT OR IGNORE INTO covers (sha256, mime_type, width, height, bytes) VALUES (?, ?, ?, ?, ?)",
                cover.sha256(), cover.mimeType(), cover.width(), cover.height(), cover.bytes());
    }

    /** Blocking, inside the caller's transaction: deletes the cover once no song refers to it. */
    void deleteIfUnused(String sha256) {
        if (jdbc.update("DELETE FROM covers WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM songs WHERE cover_sha256 = ?)",
                sha256, sha256) > 0) {
            cache.invalidate(sha256);
        }
    }

    /** Blocking: whether a row with this key is there (its bytes unchecked). */
    boolean has(String sha256) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM covers WHERE sha256 = ?", Integer.class, sha256);
        return count != null && count > 0;
    }

    private CorruptCoverException report(CorruptCoverException e) {
        log.warn("{} detected on read", e.getMessage());
        synchronized (corrupt) {
            corrupt.tryEmitNext(e);
        }
        return e;
    }
}
