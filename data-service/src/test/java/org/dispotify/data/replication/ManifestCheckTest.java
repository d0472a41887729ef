package org.dispotify.data.replication;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.dispotify.data.store.SongManifest;
import org.dispotify.data.store.SongRow;
import org.junit.jupiter.api.Test;

class ManifestCheckTest {

    private static final String ID = "a".repeat(64);
    private static final String HASH = "b".repeat(64);

    @Test
    void aContiguousManifestOfTheNamedSongPasses() {
        assertThatCode(() -> ReplicaPuller.check(ID, manifest(ID, 150, chunk(0, 0, 100), chunk(1, 100, 50))))
                .doesNotThrowAnyException();
    }

    @Test
    void gapsOverlapsWrongSizesAndOtherSongsAreRefused() {
        assertThatThrownBy(() -> ReplicaPuller.check(ID, manifest(ID, 150, chunk(0, 0, 100), chunk(1, 101, 49))))
                .isInstanceOf(ReplicaMismatchException.class);
        assertThatThrownBy(() -> ReplicaPuller.check(ID, manifest(ID, 160, chunk(0, 0, 100), chunk(1, 100, 50))))
                .isInstanceOf(ReplicaMismatchException.class);
        assertThatThrownBy(() -> ReplicaPuller.check(ID, manifest("c".repeat(64), 150, chunk(0, 0, 100), chunk(1, 100, 50))))
                .isInstanceOf(ReplicaMismatchException.class);
        assertThatThrownBy(() -> ReplicaPuller.check(ID, manifest(ID, 150, chunk(1, 0, 100), chunk(0, 100, 50))))
                .isInstanceOf(ReplicaMismatchException.class);
    }

    private static SongManifest.Chunk chunk(int index, long offset, long length) {
        return new SongManifest.Chunk(index, index * 10_000L, 10_000, offset, length, HASH);
    }

    private static SongManifest manifest(String id, long size, SongManifest.Chunk... chunks) {
        SongRow row = new SongRow(id, "t", "a", "al", "g", null, null, 20_000, "wav", "audio/wav", 128, size,
                chunks.length, 0);
        return new SongManifest(row, List.of(chunks));
    }
}
