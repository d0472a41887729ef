-- Name-service records. Deadlines are not stored: they live on the monotonic clock of the
-- running process, and a restarted service gives every loaded record a fresh TTL.
CREATE TABLE IF NOT EXISTS dns_records (
    name          TEXT    NOT NULL,
    node_id       TEXT    NOT NULL,
    host          TEXT    NOT NULL,
    port          INTEGER NOT NULL,
    ttl_seconds   INTEGER NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (name, node_id)
);
