package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.dispotify.testsupport.audio.Synth;

/** What every analysis must satisfy against the framing its file was written with. */
final class ChunkAssertions {

    private ChunkAssertions() {
    }

    static void assertChunksMatchFraming(AnalyzedAudio audio, Synth synth) throws IOException {
        long rate = synth.sampleRate();
        long target = rate * ChunkPlanner.TARGET_SECONDS;
        long longest = synth.cuts().longestFrame();
        List<ChunkSpan> chunks = audio.chunks();

        assertThat(audio.durationMs()).as("duration").isEqualTo(synth.totalSamples() * 1000 / rate);
        assertContiguousCover(chunks, synth.size());
        assertThat(chunks.get(0).startMs()).isZero();

        long[] startSamples = new long[chunks.size()];
        for (int i = 1; i < chunks.size(); i++) {
            ChunkSpan c = chunks.get(i);
            Long samples = synth.cuts().samplesAt(c.byteOffset());
            assertThat(samples).as("chunk %d starts at byte %d, a frame or page start", i, c.byteOffset()).isNotNull();
            assertThat(c.byteOffset()).as("chunk 0 holds the headers").isGreaterThanOrEqualTo(synth.headerEnd());
            assertThat(c.byteOffset()).as("the last chunk holds the trailers").isLessThan(synth.trailerStart());
            assertThat(c.startMs()).as("chunk %d start", i).isEqualTo(Math.max(0, samples) * 1000 / rate);
            startSamples[i] = samples;
        }
        for (int i = 0; i < chunks.size(); i++) {
            long end = i + 1 < chunks.size() ? startSamples[i + 1] : synth.totalSamples();
            long length = end - startSamples[i];
            assertThat(length).as("chunk %d is at most 10 s plus one frame", i).isLessThan(target + longest);
            if (i + 1 < chunks.size()) {
                assertThat(length).as("chunk %d is at least 10 s", i).isGreaterThanOrEqualTo(target);
                assertThat(chunks.get(i).durationMs()).isEqualTo(chunks.get(i + 1).startMs() - chunks.get(i).startMs());
            }
        }
        assertThat(chunks.stream().mapToLong(ChunkSpan::durationMs).sum()).isEqualTo(audio.durationMs());
    }

    static void assertContiguousCover(List<ChunkSpan> chunks, long fileSize) {
        assertThat(chunks).isNotEmpty();
        long offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ChunkSpan c = chunks.get(i);
            assertThat(c.index()).isEqualTo(i);
            assertThat(c.byteOffset()).as("chunk %d offset", i).isEqualTo(offset);
            assertThat(c.byteLength()).as("chunk %d length", i).isPositive();
            assertThat(c.durationMs()).as("chunk %d duration", i).isNotNegative();
            offset += c.byteLength();
        }
        assertThat(offset).as("the chunks cover the file byte for byte").isEqualTo(fileSize);
    }
}
