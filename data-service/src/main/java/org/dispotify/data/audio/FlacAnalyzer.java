package org.dispotify.data.audio;

import java.io.IOException;

/**
 * FLAC: metadata blocks (STREAMINFO first), then frames. A frame carries no length, so the frames are
 * found by scanning: a frame ends where the next frame header starts (sync code, valid CRC-8, the
 * expected frame or sample number) and the running CRC-16 of the frame so far is zero, which is true
 * only at the true end of a frame. Each frame start is a place a chunk may begin, at the sum of the
 * block sizes before it.
 */
final class FlacAnalyzer {

    static final byte[] MAGIC = {'f', 'L', 'a', 'C'};
    private static final int STREAMINFO = 0;
    private static final int VORBIS_COMMENT = 4;
    private static final int PICTURE = 6;
    private static final int MAX_HEADER = 16;
    private static final int WINDOW = FileInput.BUFFER_SIZE / 2;
    private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000};
    private static final int[] SAMPLE_SIZES = {0, 8, 12, 0, 16, 20, 24, 32};

    private FlacAnalyzer() {
    }

    private record StreamInfo(int sampleRate, int channels, int bitsPerSample, long totalSamples) {
    }

    /** A decoded frame header: its length in bytes, block size and coded frame or sample number. */
    private record FrameHeader(int length, int blockSize, long number, boolean variable) {
    }

    static AnalyzedAudio analyze(FileInput in, long magicAt, TagCollector tags) throws IOException {
        long pos = magicAt + 4;
        StreamInfo info = null;
        boolean last = false;
        while (!last) {
            int i = in.ensure(pos, 4);
            if (i < 0) {
                throw new CorruptAudioException("FLAC metadata runs past the end of the file");
            }
            byte[] b = in.buffer();
            last = (b[i] & 0x80) != 0;
            int type = b[i] & 0x7F;
            long length = ((b[i + 1] & 0xFFL) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (info == null && type != STREAMINFO) {
                throw new CorruptAudioException("FLAC without STREAMINFO");
            }
            if (type == 127 || (type == STREAMINFO && (info != null || length < 34))) {
                throw new CorruptAudioException("invalid FLAC metadata block at byte " + pos);
            }
            if (pos + 4 + length > in.size()) {
                throw new CorruptAudioException("FLAC metadata block runs past the end of the file");
            }
            if (type == STREAMINFO) {
                info = streamInfo(in, pos + 4);
            } else if (type == VORBIS_COMMENT) {
                VorbisComments.read(in.stream(pos + 4, length), tags);
            } else if (type == PICTURE && tags.wantsPicture()) {
                FlacPicture.read(in.stream(pos + 4, length), tags);
            }
            pos += 4 + length;
        }
        long audioStart = pos;
        long audioEnd = Trailers.audioEnd(in, audioStart);
        return frames(in, info, audioStart, audioEnd, tags);
    }

    private static StreamInfo streamInfo(FileInput in, long pos) throws IOException {
        int i = in.ensure(pos, 34);
        byte[] b = in.buffer();
        int rate = ((b[i + 10] & 0xFF) << 12) | ((b[i + 11] & 0xFF) << 4) | ((b[i + 12] & 0xFF) >>> 4);
        int channels = ((b[i + 12] >>> 1) & 7) + 1;
        int bits = (((b[i + 12] & 1) << 4) | ((b[i + 13] & 0xFF) >>> 4)) + 1;
        long total = ((b[i + 13] & 0x0FL) << 32) | ((b[i + 14] & 0xFFL) << 24) | ((b[i + 15] & 0xFF) << 16)
                | ((b[i + 16] & 0xFF) << 8) | (b[i + 17] & 0xFF);
        if (rate == 0) {
            throw new CorruptAudioException("FLAC STREAMINFO with sample rate 0");
        }
        return new StreamInfo(rate, channels, bits, total);
    }

    private static AnalyzedAudio frames(FileInput in, StreamInfo info, long audioStart, long audioEnd, TagCollector tags)
            throws IOException {
        int i0 = in.ensure(audioStart, (int) Math.min(MAX_HEADER, audioEnd - audioStart));
        FrameHeader current = i0 < 0 ? null
                : header(in.buffer(), i0, (int) Math.min(MAX_HEADER, audioEnd - audioStart), info, null, 0, 0);
        if (current == null) {
            throw new CorruptAudioException("no FLAC frame after the metadata");
        }
        ChunkPlanner planner = new ChunkPlanner(info.sampleRate());
        long frameStart = audioStart;
        long frameIndex = 0;
        long samples = 0;
        planner.boundary(frameStart, 0);
        int crc = 0;
        long q = audioStart;
        while (q < audioEnd) {
            int n = (int) Math.min(audioEnd - q, WINDOW);
            int i = in.ensure(q, n);
            byte[] b = in.buffer();
            boolean reachesEnd = q + n == audioEnd;
            int stop = reachesEnd ? n : n - MAX_HEADER;
            long minEnd = frameStart + current.length() + 3;
            for (int k = 0; k < stop; k++) {
                byte v = b[i + k];
                if (v == (byte) 0xFF && crc == 0 && k + 1 < n && (b[i + k + 1] & 0xFE) == 0xF8 && q + k >= minEnd) {
                    FrameHeader next = header(b, i + k, n - k, info, current, frameIndex + 1,
                            samples + current.blockSize());
                    if (next != null) {
                        samples += current.blockSize();
                        frameIndex++;
                        frameStart = q + k;
                        current = next;
                        minEnd = frameStart + current.length() + 3;
                        planner.boundary(frameStart, samples);
                    }
                }
                crc = Crc.crc16(crc, v);
            }
            q += stop;
        }
        if (crc != 0 || audioEnd < frameStart + current.length() + 3) {
            throw new CorruptAudioException("the last FLAC frame is truncated or corrupt (from byte " + frameStart + ")");
        }
        if (audioEnd - frameStart > maxFrameBytes(info, current.blockSize())) {
            // valid frames that stop chaining (a numbering gap, a spliced stream) end up here as one huge frame
            throw new CorruptAudioException("FLAC frames stop chaining after byte " + frameStart);
        }
        samples += current.blockSize();
        if (info.totalSamples() > 0 && samples < info.totalSamples()) {
            throw new CorruptAudioException("truncated FLAC: " + samples + " of " + info.totalSamples() + " samples");
        }
        long audioBytes = audioEnd - audioStart;
        int kbps = (int) Math.round(audioBytes * 8.0 * info.sampleRate() / samples / 1000.0);
        return new AnalyzedAudio(AudioFormat.FLAC, tags.tags(), planner.millis(samples), kbps,
                planner.finish(in.size(), samples));
    }

    /** The largest a frame can be: verbatim subframes (a side channel has one extra bit) plus headers. */
    private static long maxFrameBytes(StreamInfo info, int blockSize) {
        return (long) blockSize * info.channels() * (info.bitsPerSample() + 1) / 8 + 16L * info.channels() + 64;
    }

    /**
     * Decodes the frame header at {@code b[i]} ({@code avail} bytes readable) if it is valid and is the
     * frame expected next (frame number for fixed block sizes, sample number for variable); else null.
     */
    private static FrameHeader header(byte[] b, int i, int avail, StreamInfo info, FrameHeader previous,
            long expectedFrame, long expectedSample) {
        if (avail < 6 || b[i] != (byte) 0xFF || (b[i + 1] & 0xFE) != 0xF8) {
            return null;
        }
        boolean variable = (b[i + 1] & 1) != 0;
        if (previous != null && previous.variable() != variable) {
            return null;
        }
        int blockCode = (b[i + 2] & 0xFF) >>> 4;
        int rateCode = b[i + 2] & 0x0F;
        int channelCode = (b[i + 3] & 0xFF) >>> 4;
        int sizeCode = (b[i + 3] >>> 1) & 7;
        if (blockCode == 0 || rateCode == 15 || channelCode > 10 || (b[i + 3] & 1) != 0) {
            return null;
        }
        int channels = channelCode < 8 ? channelCode + 1 : 2;
        if (channels != info.channels()) {
            return null;
        }
        if (sizeCode == 3 || (sizeCode != 0 && SAMPLE_SIZES[sizeCode] != info.bitsPerSample())) {
            return null;
        }
        // UTF-8-like coded number: up to 7 bytes, 36 bits
        int p = i + 4;
        int first = b[p] & 0xFF;
        int extra;
        long number;
        if (first < 0x80) {
            extra = 0;
            number = first;
        } else if (first >= 0xC0 && first <= 0xFE) {
            extra = Integer.numberOfLeadingZeros(~first & 0xFF) - 25;
            number = first & (0x3F >>> extra);
        } else {
            return null;
        }
        if (avail < 4 + 1 + extra + 1) {
            return null;
        }
        for (int k = 1; k <= extra; k++) {
            int c = b[p + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return null;
            }
            number = (number << 6) | (c & 0x3F);
        }
        p += 1 + extra;
        int blockSize;
        int needed = (blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0) + (rateCode == 12 ? 1 : rateCode >= 13 ? 2 : 0);
        if (p - i + needed + 1 > avail) {
            return null;
        }
        if (blockCode == 1) {
            blockSize = 192;
        } else if (blockCode <= 5) {
            blockSize = 576 << (blockCode - 2);
        } else if (blockCode == 6) {
            blockSize = (b[p++] & 0xFF) + 1;
        } else if (blockCode == 7) {
            blockSize = (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF)) + 1;
            p += 2;
        } else {
            blockSize = 256 << (blockCode - 8);
        }
        int rate;
        if (rateCode == 0) {
            rate = info.sampleRate();
        } else if (rateCode < 12) {
            rate = RATES[rateCode];
        } else if (rateCode == 12) {
            rate = (b[p++] & 0xFF) * 1000;
        } else {
            rate = (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF)) * (rateCode == 14 ? 10 : 1);
            p += 2;
        }
        if (rate != info.sampleRate()) {
            return null;
        }
        if ((Crc.crc8(b, i, p - i) & 0xFF) != (b[p] & 0xFF)) {
            return null;
        }
        if (number != (variable ? expectedSample : expectedFrame)) {
            return null;
        }
        return new FrameHeader(p - i + 1, blockSize, number, variable);
    }
}
