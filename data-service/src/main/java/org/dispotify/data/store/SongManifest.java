package org.dispotify.data.store;

import java.util.List;

/** A song as replication copies it: its row, and each chunk's layout with the SHA-256 of its bytes. */
public record SongManifest(SongRow song, List<Chunk> chunks) {

    public SongManifest {
        chunks = List.copyOf(chunks);
    }

    public record Chunk(int index, long startMs, long durationMs, long byteOffset, long byteLength, String sha256) {

        Chunk(ChunkLayout layout, String sha256) {
            this(layout.index(), layout.startMs(), layout.durationMs(), layout.byteOffset(), layout.byteLength(), sha256);
        }

        public ChunkLayout layout() {
            return new ChunkLayout(index, startMs, durationMs, byteOffset, byteLength);
        }
    }
}
