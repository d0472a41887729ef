package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.dispotify.data.store.ChunkBytesMismatchException;
import org.dispotify.data.store.ChunkLayout;
import org.dispotify.data.store.SongRow;
import org.dispotify.data.store.SongStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The last link of the integrity chain: whatever a song's chunks are read from (a spooled upload, a
 * replica's download), the store keeps them only if together they hash to the song's id.
 */
class StoredBytesCheckTest extends DataApiTestBase {

    @Autowired
    SongStore store;

    @Test
    void chunksThatDoNotHashToTheSongsIdAreRolledBackWhole() {
        byte[] file = TestAudio.wav(3, 201);
        String id = Uploads.sha256(file);
        int half = file.length / 2;
        List<ChunkLayout> chunks = List.of(new ChunkLayout(0, 0, 1500, 0, half),
                new ChunkLayout(1, 1500, 1500, half, file.length - half));
        byte[] changed = file.clone();
        changed[file.length - 3] ^= 1; // the source changed after the id was computed

        assertThatThrownBy(() -> store.insert(row(id, file.length), chunks,
                        chunk -> Arrays.copyOfRange(changed, (int) chunk.byteOffset(), (int) chunk.endOffset()))
                .block(Duration.ofSeconds(10)))
                .isInstanceOf(ChunkBytesMismatchException.class);

        assertThat(store.holds(id)).isFalse();
        assertThat(store.find(id).blockOptional(Duration.ofSeconds(5))).isEmpty();
        client.get().uri("/data/songs/{id}/chunks/0", id).exchange().expectStatus().isNotFound();

        assertThat(store.insert(row(id, file.length), chunks,
                        chunk -> Arrays.copyOfRange(file, (int) chunk.byteOffset(), (int) chunk.endOffset()))
                .block(Duration.ofSeconds(10)).created()).isTrue();
        assertThat(store.holds(id)).isTrue();
    }

    private static SongRow row(String id, long size) {
        return new SongRow(id, "Checked", "Tester", "Integrity", "Test", 2026, 1, 3000, "wav", "audio/wav", 128,
                size, 2, System.currentTimeMillis());
    }
}
