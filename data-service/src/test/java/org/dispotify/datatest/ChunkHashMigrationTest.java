package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A songs.db made before chunks carried hashes: the node starts on it, serves it, and hashes its chunks. */
class ChunkHashMigrationTest {

    private DataCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anOldDatabaseGetsTheHashColumnAndEveryOldChunkIsHashed() throws Exception {
        byte[] wav = TestAudio.wav(12, 31);
        String id = Uploads.sha256(wav);
        int split = 44 + 10 * 16_000;
        Path dir = TestDirs.fresh("old-db");
        writeOldDatabase(dir.resolve("songs.db"), id, wav, split);

        cluster = new DataCluster(Map.of());
        cluster.start("old", dir);

        byte[] audio = cluster.client("old").get().uri("/data/songs/{id}/audio", id).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(audio).isEqualTo(wav);
        JdbcTemplate jdbc = cluster.node("old").getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT sha256 FROM chunks WHERE song_id = ? ORDER BY idx", String.class, id))
                .containsExactly(Uploads.sha256(Arrays.copyOfRange(wav, 0, split)),
                        Uploads.sha256(Arrays.copyOfRange(wav, split, wav.length))));
        List<Map<String, Object>> manifestChunks = cluster.client("old").get()
                .uri("/data/replication/songs/{id}/manifest", id).exchange().expectStatus().isOk()
                .expectBody(Manifest.class).returnResult().getResponseBody().chunks();
        assertThat(manifestChunks).extracting(chunk -> chunk.get("sha256"))
                .containsExactly(Uploads.sha256(Arrays.copyOfRange(wav, 0, split)),
                        Uploads.sha256(Arrays.copyOfRange(wav, split, wav.length)));
    }

    /** The schema as it was before issue 6, with one two-chunk song in it. */
    private static void writeOldDatabase(Path db, String id, byte[] wav, int split) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db); Statement ddl = sqlite.createStatement()) {
            ddl.execute("""
                    CREATE TABLE songs (id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 64), title TEXT NOT NULL,
                        artist TEXT NOT NULL, album TEXT NOT NULL, genre TEXT NOT NULL, year INTEGER, track INTEGER,
                        duration_ms INTEGER NOT NULL, format TEXT NOT NULL, mime_type TEXT NOT NULL,
                        bitrate INTEGER NOT NULL, size_bytes INTEGER NOT NULL, chunk_count INTEGER NOT NULL,
                        stored_at INTEGER NOT NULL)""");
            ddl.execute("""
                    CREATE TABLE chunks (song_id TEXT NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
                        idx INTEGER NOT NULL, start_ms INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
                        byte_offset INTEGER NOT NULL, byte_length INTEGER NOT NULL, bytes BLOB NOT NULL,
                        PRIMARY KEY (song_id, idx))""");
            ddl.execute("INSERT INTO songs VALUES ('" + id + "', 'Old', 'Someone', 'Album', 'Genre', NULL, NULL, "
                    + "12000, 'wav', 'audio/wav', 128, " + wav.length + ", 2, 0)");
            try (PreparedStatement chunk = sqlite.prepareStatement("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert(chunk, id, 0, 0, 10_000, 0, Arrays.copyOfRange(wav, 0, split));
                insert(chunk, id, 1, 10_000, 2_000, split, Arrays.copyOfRange(wav, split, wav.length));
            }
        }
    }

    private static void insert(PreparedStatement chunk, String id, int index, long startMs, long durationMs, long offset,
                               byte[] bytes) throws Exception {
        chunk.setString(1, id);
        chunk.setInt(2, index);
        chunk.setLong(3, startMs);
        chunk.setLong(4, durationMs);
        chunk.setLong(5, offset);
        chunk.setLong(6, bytes.length);
        chunk.setBytes(7, bytes);
        chunk.executeUpdate();
    }

    record Manifest(Map<String, Object> song, List<Map<String, Object>> chunks) {
    }
}
