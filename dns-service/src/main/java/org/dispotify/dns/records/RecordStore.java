package org.dispotify.dns.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code dns_records} table. Blocking JDBC: callers run it on the store thread, never on an event loop. */
@Repository
class RecordStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    RecordStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    List<StoredRecord> loadAll() {
        return jdbc.sql("SELECT name, node_id, host, port, ttl_seconds, registered_at FROM dns_records")
                .query((rs, row) -> new StoredRecord(
                        new NameRecord(rs.getString("name"), rs.getString("node_id"), rs.getString("host"),
                                rs.getInt("port"), rs.getInt("ttl_seconds")),
                        Instant.ofEpochMilli(rs.getLong("registered_at"))))
                .list();
    }

    /** Applies a batch of saves and deletes in one transaction (one fsync for the lot). */
    void apply(Map<RecordKey, RecordWriter.Pending> batch) {
        transactions.executeWithoutResult(status -> batch.forEach((key, pending) -> {
            if (pending.record() == null) {
                delete(key);
            } else {
                upsert(pending.record(), pending.registeredAt());
            }
        }));
    }

    private void upsert(NameRecord record, Instant registeredAt) {
        jdbc.sql("""
                INSERT INTO dns_records (name, node_id, host, port, ttl_seconds, registered_at)
                VALUES (:name, :nodeId, :host, :port, :ttl, :registeredAt)
                ON CONFLICT (name, node_id) DO UPDATE SET host = excluded.host, port = excluded.port,
                    ttl_seconds = excluded.ttl_seconds
                """)
                .param("name", record.name())
                .param("nodeId", record.nodeId())
                .param("host", record.host())
                .param("port", record.port())
                .param("ttl", record.ttlSeconds())
                .param("registeredAt", registeredAt.toEpochMilli())
                .update();
    }

    private void delete(RecordKey key) {
        jdbc.sql("DELETE FROM dns_records WHERE name = :name AND node_id = :nodeId")
                .param("name", key.name())
                .param("nodeId", key.nodeId())
                .update();
    }

    record StoredRecord(NameRecord record, Instant registeredAt) {
    }
}
