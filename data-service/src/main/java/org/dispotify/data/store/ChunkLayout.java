package org.dispotify.data.store;

/** Where one chunk sits in time and in the file, without its bytes. */
public record ChunkLayout(int index, long startMs, long durationMs, long byteOffset, long byteLength) {

    public long endOffset() {
        return byteOffset + byteLength;
    }

    public boolean holds(long ms) {
        return ms >= startMs && ms < startMs + durationMs;
    }
}
