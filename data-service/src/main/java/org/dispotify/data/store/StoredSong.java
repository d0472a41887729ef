package org.dispotify.data.store;

import java.util.List;
import java.util.Optional;

/** A song with the layout of all its chunks: everything needed to plan a stream, nothing of its bytes. */
public record StoredSong(SongRow song, List<ChunkLayout> chunks) {

    public StoredSong {
        chunks = List.copyOf(chunks);
    }

    public String id() {
        return song.id();
    }

    public long size() {
        return song.sizeBytes();
    }

    /** The chunk that plays at {@code ms} (each chunk holds [start, start + duration)); empty past the end. */
    public Optional<ChunkLayout> chunkAt(long ms) {
        if (ms < 0 || chunks.isEmpty()) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = chunks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (chunks.get(mid).startMs() <= ms) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        ChunkLayout candidate = chunks.get(lo);
        return candidate.holds(ms) ? Optional.of(candidate) : Optional.empty();
    }

    public Optional<ChunkLayout> chunk(int index) {
        return index >= 0 && index < chunks.size() ? Optional.of(chunks.get(index)) : Optional.empty();
    }
}
