package org.dispotify.data.audio;

import java.util.List;

/**
 * What the analyzer learned of a file: its format, tags, exact duration, bitrate and chunk spans, and the
 * picture its tags embed (the front cover if there are several), or null.
 */
public record AnalyzedAudio(AudioFormat format, Tags tags, long durationMs, int bitrateKbps, List<ChunkSpan> chunks,
                            EmbeddedPicture picture) {

    public AnalyzedAudio {
        chunks = List.copyOf(chunks);
    }

    public AnalyzedAudio(AudioFormat format, Tags tags, long durationMs, int bitrateKbps, List<ChunkSpan> chunks) {
        this(format, tags, durationMs, bitrateKbps, chunks, null);
    }

    AnalyzedAudio withPicture(EmbeddedPicture embedded) {
        return embedded == null ? this : new AnalyzedAudio(format, tags, durationMs, bitrateKbps, chunks, embedded);
    }
}
