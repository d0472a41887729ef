package org.dispotify.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StoredSongTest {

    private static final StoredSong SONG = new StoredSong(
            new SongRow("a".repeat(64), "t", "a", "b", "g", null, null, 25_000, "wav", "audio/wav", 128, 350, 3, 0),
            List.of(new ChunkLayout(0, 0, 10_000, 0, 100),
                    new ChunkLayout(1, 10_000, 10_000, 100, 50),
                    new ChunkLayout(2, 20_000, 5_000, 150, 200)));

    @Test
    void theChunkAtATimeIsTheOneWhoseSpanHoldsIt() {
        assertThat(SONG.chunkAt(0)).map(ChunkLayout::index).contains(0);
        assertThat(SONG.chunkAt(9_999)).map(ChunkLayout::index).contains(0);
        assertThat(SONG.chunkAt(10_000)).map(ChunkLayout::index).contains(1);
        assertThat(SONG.chunkAt(24_999)).map(ChunkLayout::index).contains(2);
    }

    @Test
    void thereIsNoChunkBeforeTheStartOrAtTheEnd() {
        assertThat(SONG.chunkAt(-1)).isEmpty();
        assertThat(SONG.chunkAt(25_000)).isEmpty();
        assertThat(SONG.chunk(3)).isEmpty();
        assertThat(SONG.chunk(-1)).isEmpty();
    }
}
