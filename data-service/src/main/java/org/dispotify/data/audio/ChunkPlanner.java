package org.dispotify.data.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file into ~10 s spans. A format parser reports every place a chunk may begin (a frame or
 * page start and the stream time there, in samples); a new chunk begins at the first such place at
 * least {@link #TARGET_SECONDS} after the current chunk's start. Chunk 0 starts at byte 0, so it holds
 * every header; the last chunk runs to the end of the file, so it holds every trailer.
 */
final class ChunkPlanner {

    static final int TARGET_SECONDS = 10;

    private final long sampleRate;
    private final long targetSamples;
    private final List<long[]> starts = new ArrayList<>(); // {byteOffset, samples}

    ChunkPlanner(long sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.targetSamples = sampleRate * TARGET_SECONDS;
        starts.add(new long[] {0, 0});
    }

    /** A frame or page starts at {@code byteOffset}, {@code samplesBefore} samples into the stream. */
    void boundary(long byteOffset, long samplesBefore) {
        long[] current = starts.get(starts.size() - 1);
        if (byteOffset > current[0] && samplesBefore - current[1] >= targetSamples) {
            starts.add(new long[] {byteOffset, samplesBefore});
        }
    }

    long millis(long samples) {
        return Math.max(0, samples) * 1000 / sampleRate;
    }

    List<ChunkSpan> finish(long fileSize, long totalSamples) {
        // a place at or past the end of the audio (an empty last page) would begin a chunk with no time
        while (starts.size() > 1 && starts.get(starts.size() - 1)[1] >= totalSamples) {
            starts.remove(starts.size() - 1);
        }
        long totalMs = millis(totalSamples);
        List<ChunkSpan> spans = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            long[] start = starts.get(i);
            long endByte = i + 1 < starts.size() ? starts.get(i + 1)[0] : fileSize;
            long startMs = millis(start[1]);
            long endMs = i + 1 < starts.size() ? millis(starts.get(i + 1)[1]) : Math.max(totalMs, startMs);
            spans.add(new ChunkSpan(i, startMs, endMs - startMs, start[0], endByte - start[0]));
        }
        return spans;
    }
}
