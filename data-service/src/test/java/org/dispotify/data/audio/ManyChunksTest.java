package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.dispotify.testsupport.audio.Synth;
import org.dispotify.testsupport.audio.SyntheticOgg;
import org.dispotify.testsupport.audio.SyntheticWav;

import org.junit.jupiter.api.Test;

/** Long recordings: thousands of chunks, numbered and timed without a gap. */
class ManyChunksTest {

    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();

    @Test
    void anEightHourOpusStreamHasOver2800ExactChunks() throws IOException {
        Synth synth = SyntheticOgg.write(new SyntheticOgg.Spec(true, 48000, 312, 8 * 3600, false, 4, 255), 7);
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.durationMs()).isEqualTo(8 * 3600 * 1000L);
            assertThat(audio.chunks()).hasSizeGreaterThan(2800);
            assertThat(audio.chunks().get(audio.chunks().size() - 1).index()).isEqualTo(audio.chunks().size() - 1);
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
        } finally {
            synth.delete();
        }
    }

    @Test
    void aSixHourWavHas2160ChunksOfExactlyTenSeconds() throws IOException {
        Synth synth = SyntheticWav.write(new SyntheticWav.Spec(8000, 1, 16, 6 * 3600, false, true, false, false, 0));
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.chunks()).hasSize(2160);
            assertThat(audio.chunks()).allSatisfy(c -> {
                assertThat(c.startMs()).isEqualTo(c.index() * 10_000L);
                assertThat(c.durationMs()).isEqualTo(10_000L);
            });
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
        } finally {
            synth.delete();
        }
    }
}
