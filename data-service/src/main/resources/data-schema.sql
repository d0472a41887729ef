-- Data role store (applied by DataStoreConfiguration at start; idempotent).
-- Named data-schema.sql, not schema.sql: all modules share one jar.
CREATE TABLE IF NOT EXISTS songs (
    id          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 64),
    title       TEXT    NOT NULL,
    artist      TEXT    NOT NULL,
    album       TEXT    NOT NULL,
    genre       TEXT    NOT NULL,
    year        INTEGER,
    track       INTEGER,
    duration_ms INTEGER NOT NULL,
    format      TEXT    NOT NULL,
    mime_type   TEXT    NOT NULL,
    bitrate     INTEGER NOT NULL,
    size_bytes  INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    stored_at   INTEGER NOT NULL
);

-- bytes is the last column so that reading a chunk's layout never touches its blob's overflow pages.
CREATE TABLE IF NOT EXISTS chunks (
    song_id     TEXT    NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start_ms    INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    byte_length INTEGER NOT NULL,
    -- Lowercase hex SHA-256 of bytes: replication and reads verify it. Null only in rows stored before
    -- the column existed, until ChunkHashBackfill fills it (DataStoreConfiguration adds the column).
    sha256      TEXT,
    bytes       BLOB    NOT NULL,
    PRIMARY KEY (song_id, idx)
);

CREATE INDEX IF NOT EXISTS songs_by_title ON songs (title, artist, id);

-- Cover art, content-addressed: one row per distinct picture, shared by the songs (of an album) that
-- carry it; songs.cover_sha256 points here (added to older files by LibraryColumns). Reads check the
-- bytes against sha256, as chunk reads do; a song's cover is deleted with the last song using it.
CREATE TABLE IF NOT EXISTS covers (
    sha256    TEXT    NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
    mime_type TEXT    NOT NULL,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    bytes     BLOB    NOT NULL
);

-- Personal state (accounts, playlists, favourites, play counts): replicated CRDT documents (the crdt
-- module's Document), merged with what is stored on every write. body is the document's canonical JSON
-- (map keys sorted), digest its SHA-256, so two nodes holding the same state hold the same digest.
CREATE TABLE IF NOT EXISTS docs (
    key        TEXT    NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    body       TEXT    NOT NULL,
    digest     TEXT    NOT NULL CHECK (length(digest) = 64),
    updated_at INTEGER NOT NULL
);
