package org.dispotify.data.docs;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.dispotify.crdt.Document;
import org.dispotify.data.system.DataSchedulers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The documents this data node holds, in SQLite beside the songs. A write merges the incoming state into
 * the stored one (a CRDT merge: order and repetition do not matter) on the data role's single writer
 * thread, so two writes of one key never interleave their read and write; reads run on the bounded I/O
 * pool. A write that changes nothing (a retry, a copy this node already had) writes nothing.
 */
@Component
public class DocStore {

    private static final String SELECT = "SELECT key, body, digest, updated_at FROM docs WHERE key = ?";
    private static final String UPSERT = "INSERT INTO docs (key, body, digest, updated_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (key) DO UPDATE SET body = excluded.body, digest = excluded.digest, updated_at = excluded.updated_at";
    private static final String PAGE = "SELECT key, digest FROM docs WHERE key > ? ORDER BY key LIMIT ?";
    private static final String COUNT = "SELECT count(*) FROM docs";

    private final JdbcTemplate jdbc;
    private final DataSchedulers schedulers;
    private final Clock clock;

    DocStore(JdbcTemplate jdbc, DataSchedulers schedulers) {
        this.jdbc = jdbc;
        this.schedulers = schedulers;
        this.clock = Clock.systemUTC();
    }

    public Mono<StoredDoc> get(String key) {
        return Mono.fromCallable(() -> select(key).orElse(null)).subscribeOn(schedulers.io());
    }

    /** Merges {@code incoming} into what is stored under {@code key} (nothing yet: the empty document); returns the result. */
    public Mono<StoredDoc> merge(String key, Document incoming) {
        return Mono.fromCallable(() -> {
            Optional<StoredDoc> stored = select(key);
            Document merged = stored.map(s -> s.doc().merge(incoming)).orElse(incoming);
            String body = DocJson.write(merged);
            String digest = DocJson.digest(body);
            if (stored.isPresent() && stored.get().digest().equals(digest)) {
                return stored.get();
            }
            long now = clock.millis();
            jdbc.update(UPSERT, key, body, digest, now);
            return new StoredDoc(key, digest, merged, now);
        }).subscribeOn(schedulers.writer());
    }

    /** Keys and digests after {@code after} (null: from the start), in key order, at most {@code limit}. */
    public Mono<List<DocDigest>> page(String after, int limit) {
        return Mono.fromCallable(() -> jdbc.query(PAGE, (row, i) -> new DocDigest(row.getString(1), row.getString(2)),
                after == null ? "" : after, limit)).subscribeOn(schedulers.io());
    }

    public Mono<Long> count() {
        return Mono.fromCallable(() -> jdbc.queryForObject(COUNT, Long.class)).subscribeOn(schedulers.io());
    }

    private Optional<StoredDoc> select(String key) {
        return jdbc.query(SELECT, (row, i) -> new StoredDoc(row.getString(1), row.getString(3),
                DocJson.read(row.getString(2)), row.getLong(4)), key).stream().findFirst();
    }
}
