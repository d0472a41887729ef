package org.dispotify.testsupport.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A synthesized audio file and what its framing says, worked out while writing it: where a chunk may
 * begin (frame or page starts) and the stream time there, in samples.
 */
public record Synth(Path file, long sampleRate, long totalSamples, long headerEnd, long trailerStart, Cuts cuts) {

    /** The places a chunk may begin. */
    public interface Cuts {
        /** The stream time (samples) at a place a chunk may begin, or null if a chunk must not begin there. */
        Long samplesAt(long offset);

        /** The longest stretch between two neighbouring places (a frame or page), in samples. */
        long longestFrame();
    }

    /** Cut places listed one by one (MP3 frames, FLAC frames, Ogg pages). */
    public record Listed(long[] offsets, long[] samples, long longestFrame) implements Cuts {
        @Override
        public Long samplesAt(long offset) {
            int k = Arrays.binarySearch(offsets, offset);
            return k >= 0 ? samples[k] : null;
        }
    }

    public long size() throws IOException {
        return Files.size(file);
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Collects cut places in file order. */
    public static final class CutList {
        private long[] offsets = new long[1024];
        private long[] samples = new long[1024];
        private int n;
        private long previous = 0;
        private long longest = 0;

        void add(long offset, long samplesBefore) {
            if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, n * 2);
                samples = Arrays.copyOf(samples, n * 2);
            }
            offsets[n] = offset;
            samples[n++] = samplesBefore;
            longest = Math.max(longest, samplesBefore - previous);
            previous = samplesBefore;
        }

        Listed finish(long totalSamples) {
            longest = Math.max(longest, totalSamples - previous);
            return new Listed(Arrays.copyOf(offsets, n), Arrays.copyOf(samples, n), longest);
        }
    }
}
