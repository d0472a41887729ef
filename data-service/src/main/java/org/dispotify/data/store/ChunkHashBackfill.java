package org.dispotify.data.store;

import java.util.List;

import org.dispotify.data.system.DataSchedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hashes the chunks of a songs.db made before chunks carried their SHA-256, in small batches in the
 * background (reads on the io pool, writes on the writer thread), so a node upgraded in place starts
 * at once and verifies every chunk soon after. The bytes are hashed as they are: damage from before the
 * upgrade is found by the whole-song check (the song id) when replication copies the song.
 */
@Component
class ChunkHashBackfill implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChunkHashBackfill.class);
    private static final int BATCH = 32;

    private final JdbcTemplate jdbc;
    private final DataSchedulers schedulers;
    private Disposable running = () -> { };

    ChunkHashBackfill(JdbcTemplate jdbc, DataSchedulers schedulers) {
        this.jdbc = jdbc;
        this.schedulers = schedulers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        running = Mono.fromCallable(() -> jdbc.queryForObject("SELECT count(*) FROM chunks WHERE sha256 IS NULL", Long.class))
                .subscribeOn(schedulers.io())
                .filter(missing -> missing > 0)
                .flatMap(missing -> {
                    log.info("Hashing {} chunks stored before chunk hashes existed", missing);
                    // Bounded: every batch hashes BATCH rows, so this many batches cover them all.
                    return Flux.range(0, (int) (missing / BATCH) + 1)
                            .concatMap(batch -> hashBatch(), 1)
                            .takeUntil(hashed -> hashed == 0)
                            .reduce(0, Integer::sum);
                })
                .subscribe(hashed -> log.info("Hashed {} old chunks", hashed),
                        e -> log.warn("Hashing old chunks stopped: {}", e.toString()));
    }

    private Mono<Integer> hashBatch() {
        return Mono.fromCallable(() -> jdbc.query(
                        "SELECT song_id, idx, bytes FROM chunks WHERE sha256 IS NULL LIMIT " + BATCH,
                        (rs, row) -> new Hashed(rs.getString(1), rs.getInt(2), Sha256.hex(rs.getBytes(3)))))
                .subscribeOn(schedulers.io())
                .flatMap(rows -> Mono.fromCallable(() -> update(rows)).subscribeOn(schedulers.writer()));
    }

    private int update(List<Hashed> rows) {
        for (Hashed row : rows) {
            jdbc.update("UPDATE chunks SET sha256 = ? WHERE song_id = ? AND idx = ? AND sha256 IS NULL",
                    row.sha256(), row.songId(), row.index());
        }
        return rows.size();
    }

    @Override
    public void destroy() {
        running.dispose();
    }

    private record Hashed(String songId, int index, String sha256) {
    }
}
