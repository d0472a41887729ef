package org.dispotify.data.audio;

/**
 * One ~10 s piece of a file, cut at a frame or page boundary. Spans are contiguous: span i+1 starts
 * at {@code byteOffset + byteLength} of span i, and together they cover the file byte for byte.
 */
public record ChunkSpan(int index, long startMs, long durationMs, long byteOffset, long byteLength) {
}
