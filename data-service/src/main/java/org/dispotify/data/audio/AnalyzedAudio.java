package org.dispotify.data.audio;

import java.util.List;

/** What the analyzer learned of a file: its format, tags, exact duration, bitrate and chunk spans. */
public record AnalyzedAudio(AudioFormat format, Tags tags, long durationMs, int bitrateKbps, List<ChunkSpan> chunks) {

    public AnalyzedAudio {
        chunks = List.copyOf(chunks);
    }
}
