package org.dispotify.data.audio;

import java.io.IOException;

/**
 * MPEG Layer III: walks the frame chain header to header (the payload is never read), so the time of
 * every frame start is the sum of the sample counts before it. A Xing/Info or VBRI frame is metadata:
 * it stays in chunk 0 and adds no time. Policy for the end of the chain: trailing tags are fine; a cut
 * last frame is tolerated (and not counted) unless a Xing/VBRI frame count shows frames are missing;
 * any other break in the chain is corruption.
 */
final class Mp3Analyzer {

    private static final int CHAIN_TO_CONFIRM = 3;

    private Mp3Analyzer() {
    }

    /** The offset of the first Layer III frame in [from, from + window), confirmed by a chain of frames; -1 if none. */
    static long findFirstFrame(FileInput in, long from, long end, int window) throws IOException {
        long limit = Math.min(end - 4, from + window);
        for (long p = from; p <= limit; p++) {
            int i = in.ensure(p, 2);
            if (i < 0) {
                return -1;
            }
            byte[] b = in.buffer();
            if (b[i] != (byte) 0xFF || (b[i + 1] & 0xE0) != 0xE0) {
                continue;
            }
            if (chains(in, p, end)) {
                return p;
            }
        }
        return -1;
    }

    /** The MPEG layer of a sync word at {@code pos} that chains like real frames, or 0. */
    static int layerAt(FileInput in, long pos) throws IOException {
        int h = header(in, pos);
        return h == 0 ? 0 : MpegFrameHeader.layerOf(h);
    }

    private static boolean chains(FileInput in, long p, long end) throws IOException {
        MpegFrameHeader first = MpegFrameHeader.parse(header(in, p));
        if (first == null) {
            return false;
        }
        long pos = p;
        for (int k = 0; k < CHAIN_TO_CONFIRM; k++) {
            MpegFrameHeader h = MpegFrameHeader.parse(header(in, pos));
            if (!first.sameStream(h)) {
                return false;
            }
            pos += h.frameLength();
            if (pos >= end) {
                return pos == end || k > 0;
            }
        }
        return true;
    }

    static int header(FileInput in, long pos) throws IOException {
        int i = in.ensure(pos, 4);
        if (i < 0) {
            return 0;
        }
        byte[] b = in.buffer();
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static AnalyzedAudio analyze(FileInput in, long firstFrame, long audioEnd, TagCollector tags) throws IOException {
        MpegFrameHeader first = MpegFrameHeader.parse(header(in, firstFrame));
        if (first == null) {
            throw new CorruptAudioException("no MPEG audio frame at offset " + firstFrame);
        }
        long pos = firstFrame;
        long expectedFrames = infoFrameCount(in, firstFrame, first);
        if (expectedFrames != Long.MIN_VALUE) {
            pos += first.frameLength(); // the Xing/Info/VBRI frame decodes to nothing
        }
        ChunkPlanner planner = new ChunkPlanner(first.sampleRate());
        long samples = 0;
        long frames = 0;
        long audioBytes = 0;
        boolean partialTail = false;
        while (pos < audioEnd) {
            MpegFrameHeader h = MpegFrameHeader.parse(header(in, pos));
            if (h == null && audioEnd - pos < 4) {
                partialTail = true;
                break;
            }
            if (!first.sameStream(h)) {
                throw new CorruptAudioException("MP3 frames stop chaining at byte " + pos);
            }
            if (pos + h.frameLength() > audioEnd) {
                partialTail = true;
                break;
            }
            planner.boundary(pos, samples);
            samples += h.samples();
            audioBytes += h.frameLength();
            frames++;
            pos += h.frameLength();
        }
        if (expectedFrames > 0 && frames < expectedFrames) {
            throw new CorruptAudioException("truncated MP3: " + frames + " of " + expectedFrames + " frames");
        }
        if (frames == 0) {
            throw new CorruptAudioException("MP3 holds no complete audio frame");
        }
        long rate = first.sampleRate();
        int kbps = (int) Math.round(audioBytes * 8.0 * rate / samples / 1000.0);
        return new AnalyzedAudio(AudioFormat.MP3, tags.tags(), planner.millis(samples), kbps,
                planner.finish(in.size(), samples));
    }

    /**
     * If the first frame is a Xing/Info or VBRI header: the audio frame count it states (0 when it
     * states none). Long.MIN_VALUE when the first frame is an ordinary audio frame.
     */
    private static long infoFrameCount(FileInput in, long frame, MpegFrameHeader h) throws IOException {
        int len = Math.min(h.frameLength(), 4 + 36 + 18);
        int i = in.ensure(frame, len);
        if (i < 0) {
            return Long.MIN_VALUE;
        }
        byte[] b = in.buffer();
        int x = i + h.sideInfoEnd();
        if (x + 8 <= i + len && (is(b, x, "Xing") || is(b, x, "Info"))) {
            int flags = b[x + 7];
            return (flags & 1) != 0 && x + 12 <= i + len ? be32(b, x + 8) : 0;
        }
        int v = i + 4 + 32;
        if (v + 18 <= i + len && is(b, v, "VBRI")) {
            return be32(b, v + 14);
        }
        return Long.MIN_VALUE;
    }

    private static boolean is(byte[] b, int i, String tag) {
        for (int k = 0; k < 4; k++) {
            if (b[i + k] != tag.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static long be32(byte[] b, int i) {
        return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
