package org.dispotify.testsupport.audio;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes FLAC streams: STREAMINFO (+ optional VORBIS_COMMENT and PADDING), then frames with valid
 * headers (CRC-8) and footers (CRC-16) around random payload, which now and then holds a fake sync code.
 */
public final class SyntheticFlac {

    private static final int[] TABLE_RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000};

    /**
     * @param blockSize the fixed block size, or 0 for variable block sizes
     */
    public record Spec(int sampleRate, int channels, int bitsPerSample, int blockSize, double seconds,
            boolean totalInStreamInfo, boolean comments, boolean id3v1) {
    }

    public static Synth write(Spec s, long seed) throws IOException {
        Random random = new Random(seed);
        long total = Math.max(1, Math.round(s.seconds() * s.sampleRate()));
        Path file = Files.createTempFile("synth", ".bin");
        Synth.CutList cuts = new Synth.CutList();
        long offset;
        long headerEnd;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(new byte[] {'f', 'L', 'a', 'C'});
            boolean more = s.comments();
            head.write(blockHeader(!more, 0, 34));
            head.write(streamInfo(s, s.totalInStreamInfo() ? total : 0));
            if (s.comments()) {
                byte[] vc = vorbisComment();
                head.write(blockHeader(false, 4, vc.length));
                head.write(vc);
                head.write(blockHeader(true, 1, 100)); // PADDING
                head.write(new byte[100]);
            }
            out.write(head.toByteArray());
            offset = head.size();
            headerEnd = offset;
            long samples = 0;
            long frameIndex = 0;
            while (samples < total) {
                int block = s.blockSize() > 0 ? s.blockSize() : 16 + random.nextInt(8192);
                block = (int) Math.min(block, total - samples);
                boolean variable = s.blockSize() == 0;
                byte[] frame = frame(s, random, block, variable ? samples : frameIndex, variable);
                out.write(frame);
                cuts.add(offset, samples);
                offset += frame.length;
                samples += block;
                frameIndex++;
            }
            if (s.id3v1()) {
                out.write(SyntheticMp3.id3v1());
            }
        }
        return new Synth(file, s.sampleRate(), total, headerEnd, offset, cuts.finish(total));
    }

    public static byte[] blockHeader(boolean last, int type, int length) {
        return new byte[] {(byte) ((last ? 0x80 : 0) | type), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] streamInfo(Spec s, long total) {
        byte[] b = new byte[34];
        int maxBlock = s.blockSize() > 0 ? s.blockSize() : 65535;
        b[0] = 0;
        b[1] = 16;
        b[2] = (byte) (maxBlock >>> 8);
        b[3] = (byte) maxBlock;
        long packed = ((long) s.sampleRate() << 44) | ((long) (s.channels() - 1) << 41)
                | ((long) (s.bitsPerSample() - 1) << 36) | total;
        for (int k = 0; k < 8; k++) {
            b[10 + k] = (byte) (packed >>> (56 - 8 * k));
        }
        return b;
    }

    private static byte[] vorbisComment() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] entries = {"TITLE=Flac synth", "ARTIST=Synth", "ALBUM=Synth album", "GENRE=Noise", "DATE=2010-05-01",
            "TRACKNUMBER=4", "METADATA_BLOCK_PICTURE=" + "A".repeat(70_000)};
        writeLe32(out, 6);
        out.write("vendor".getBytes(StandardCharsets.UTF_8));
        writeLe32(out, entries.length);
        for (String e : entries) {
            byte[] v = e.getBytes(StandardCharsets.UTF_8);
            writeLe32(out, v.length);
            out.write(v);
        }
        return out.toByteArray();
    }

    public static void writeLe32(OutputStream out, long v) throws IOException {
        out.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    private static byte[] frame(Spec s, Random random, int block, long number, boolean variable) {
        byte[] f = new byte[64 + 200];
        int p = 0;
        f[p++] = (byte) 0xFF;
        f[p++] = (byte) (0xF8 | (variable ? 1 : 0));
        int blockCode;
        int extraBlock = 0;
        if (block == 192) {
            blockCode = 1;
        } else if (block % 576 == 0 && Integer.bitCount(block / 576) == 1 && block / 576 <= 8) {
            blockCode = 2 + Integer.numberOfTrailingZeros(block / 576);
        } else if (block % 256 == 0 && Integer.bitCount(block / 256) == 1 && block / 256 <= 128) {
            blockCode = 8 + Integer.numberOfTrailingZeros(block / 256);
        } else if (block <= 256) {
            blockCode = 6;
            extraBlock = 1;
        } else {
            blockCode = 7;
            extraBlock = 2;
        }
        int rateCode = 0;
        int extraRate = 0;
        for (int k = 1; k < TABLE_RATES.length; k++) {
            if (TABLE_RATES[k] == s.sampleRate() && random.nextBoolean()) {
                rateCode = k;
            }
        }
        if (rateCode == 0 && random.nextBoolean()) {
            if (s.sampleRate() % 10 == 0 && s.sampleRate() / 10 <= 0xFFFF) {
                rateCode = 14;
                extraRate = 2;
            } else if (s.sampleRate() <= 0xFFFF) {
                rateCode = 13;
                extraRate = 2;
            }
        }
        f[p++] = (byte) ((blockCode << 4) | rateCode);
        int channelCode = s.channels() == 2 && random.nextBoolean() ? 8 + random.nextInt(3) : s.channels() - 1;
        int sizeCode = switch (s.bitsPerSample()) {
            case 8 -> 1;
            case 12 -> 2;
            case 16 -> 4;
            case 20 -> 5;
            case 24 -> 6;
            default -> 0;
        };
        if (random.nextBoolean()) {
            sizeCode = 0;
        }
        f[p++] = (byte) ((channelCode << 4) | (sizeCode << 1));
        p = codedNumber(f, p, number);
        if (extraBlock == 1) {
            f[p++] = (byte) (block - 1);
        } else if (extraBlock == 2) {
            f[p++] = (byte) ((block - 1) >>> 8);
            f[p++] = (byte) (block - 1);
        }
        if (extraRate == 2) {
            int v = rateCode == 14 ? s.sampleRate() / 10 : s.sampleRate();
            f[p++] = (byte) (v >>> 8);
            f[p++] = (byte) v;
        }
        f[p] = (byte) TestCrc.crc8(f, 0, p);
        p++;
        // no bigger than verbatim samples could be, or the frame would be impossible
        int payload = 1 + random.nextInt((int) Math.min(60, (long) block * s.channels() * s.bitsPerSample() / 8));
        for (int k = 0; k < payload; k++) {
            f[p++] = (byte) random.nextInt(256);
        }
        if (payload >= 2 && random.nextInt(8) == 0) { // a fake sync code inside the payload
            f[p - 2] = (byte) 0xFF;
            f[p - 1] = (byte) 0xF8;
        }
        int crc = TestCrc.crc16(f, 0, p);
        f[p++] = (byte) (crc >>> 8);
        f[p++] = (byte) crc;
        return java.util.Arrays.copyOf(f, p);
    }

    /** FLAC's UTF-8-like coding of a frame or sample number (up to 36 bits). */
    public static int codedNumber(byte[] f, int p, long v) {
        if (v < 0x80) {
            f[p++] = (byte) v;
            return p;
        }
        int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : v < 0x80000000L ? 5 : 6;
        int lead = (0xFF00 >> (extra + 1)) & 0xFF;
        f[p++] = (byte) (lead | (v >>> (6 * extra)));
        for (int k = extra - 1; k >= 0; k--) {
            f[p++] = (byte) (0x80 | ((v >>> (6 * k)) & 0x3F));
        }
        return p;
    }
}
