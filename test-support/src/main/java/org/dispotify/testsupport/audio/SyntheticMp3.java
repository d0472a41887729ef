package org.dispotify.testsupport.audio;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes MPEG Layer III streams: real frame headers, random payload, optional tags and info frames. */
public final class SyntheticMp3 {

    public enum InfoFrame { NONE, XING, INFO, VBRI }

    /**
     * @param version  3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
     * @param bitrateIndex for CBR the bitrate index; ignored for VBR (random per frame)
     * @param id3v2    0 (none), 3 or 4
     */
    public record Spec(int version, int rateIndex, boolean vbr, int bitrateIndex, double seconds, InfoFrame info,
            int id3v2, int junkAfterId3, boolean id3v1, boolean ape, boolean mono) {
    }

    public static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    public static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};

    public static int sampleRate(int version, int rateIndex) {
        int base = new int[] {44100, 48000, 32000}[rateIndex];
        return version == 3 ? base : version == 2 ? base / 2 : base / 4;
    }

    public static int samplesPerFrame(int version) {
        return version == 3 ? 1152 : 576;
    }

    public static int frameLength(int version, int bitrateIndex, int rate, int padding) {
        int kbps = (version == 3 ? BITRATE_V1 : BITRATE_V2)[bitrateIndex];
        return (version == 3 ? 144_000 : 72_000) * kbps / rate + padding;
    }

    public static int header(Spec s, int bitrateIndex, int padding) {
        int channelMode = s.mono() ? 3 : 1;
        return 0xFFE00000 | (s.version() << 19) | (1 << 17) | (1 << 16) | (bitrateIndex << 12)
                | (s.rateIndex() << 10) | (padding << 9) | (channelMode << 6);
    }

    public static Synth write(Spec s, long seed) throws IOException {
        Random random = new Random(seed);
        int rate = sampleRate(s.version(), s.rateIndex());
        int spf = samplesPerFrame(s.version());
        long frames = Math.max(1, (long) Math.ceil(s.seconds() * rate / spf));
        Path file = Files.createTempFile("synth", ".bin");
        Synth.CutList cuts = new Synth.CutList();
        long offset = 0;
        long headerEnd;
        long trailerStart;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (s.id3v2() != 0) {
                byte[] tag = id3v2(s.id3v2(), random.nextInt(64));
                out.write(tag);
                offset += tag.length;
                out.write(new byte[s.junkAfterId3()]);
                offset += s.junkAfterId3();
            }
            if (s.info() != InfoFrame.NONE) {
                byte[] info = infoFrame(s, frames);
                out.write(info);
                offset += info.length;
            }
            headerEnd = offset;
            byte[] payload = new byte[2048];
            long samples = 0;
            for (long f = 0; f < frames; f++) {
                int bitrateIndex = s.vbr() ? 1 + random.nextInt(14) : s.bitrateIndex();
                int padding = random.nextInt(2);
                int len = frameLength(s.version(), bitrateIndex, rate, padding);
                int h = header(s, bitrateIndex, padding);
                out.write(new byte[] {(byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h});
                random.nextBytes(payload);
                out.write(payload, 0, len - 4);
                cuts.add(offset, samples);
                offset += len;
                samples += spf;
            }
            trailerStart = offset;
            if (s.ape()) {
                out.write(apeTag());
            }
            if (s.id3v1()) {
                out.write(id3v1());
            }
        }
        return new Synth(file, rate, frames * spf, headerEnd, trailerStart, cuts.finish(frames * spf));
    }

    /** The first frame, carrying a Xing/Info or VBRI header instead of audio. */
    private static byte[] infoFrame(Spec s, long frames) {
        int rate = sampleRate(s.version(), s.rateIndex());
        int bitrateIndex = s.version() == 3 ? 9 : 8; // big enough for the VBRI header
        byte[] f = new byte[frameLength(s.version(), bitrateIndex, rate, 0)];
        int h = header(s, bitrateIndex, 0);
        f[0] = (byte) (h >>> 24);
        f[1] = (byte) (h >>> 16);
        f[2] = (byte) (h >>> 8);
        f[3] = (byte) h;
        if (s.info() == InfoFrame.VBRI) {
            put(f, 36, "VBRI");
            f[41] = 1; // version
            be32(f, 36 + 14, frames);
        } else {
            int x = 4 + (s.version() == 3 ? (s.mono() ? 17 : 32) : (s.mono() ? 9 : 17));
            put(f, x, s.info() == InfoFrame.XING ? "Xing" : "Info");
            f[x + 7] = 1; // frames field present
            be32(f, x + 8, frames);
        }
        return f;
    }

    public static byte[] id3v2(int major, int padding) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        textFrame(frames, major, "TIT2", "Synth title ✓");
        textFrame(frames, major, "TPE1", "Synth artist");
        textFrame(frames, major, "TALB", "Synth album");
        textFrame(frames, major, "TCON", "(13)");
        textFrame(frames, major, major == 4 ? "TDRC" : "TYER", "2001");
        textFrame(frames, major, "TRCK", "9/10");
        binaryFrame(frames, major, "APIC", new byte[3000]);
        frames.write(new byte[padding]);
        byte[] body = frames.toByteArray();
        ByteArrayOutputStream tag = new ByteArrayOutputStream();
        tag.write(new byte[] {'I', 'D', '3', (byte) major, 0, 0});
        tag.write(syncsafe(body.length));
        tag.write(body);
        return tag.toByteArray();
    }

    private static void textFrame(ByteArrayOutputStream out, int major, String id, String text) throws IOException {
        byte[] value;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        if (major == 4) {
            data.write(3);
            value = text.getBytes(StandardCharsets.UTF_8);
        } else {
            data.write(1);
            value = text.getBytes(StandardCharsets.UTF_16); // with BOM
        }
        data.write(value);
        binaryFrame(out, major, id, data.toByteArray());
    }

    private static void binaryFrame(ByteArrayOutputStream out, int major, String id, byte[] data) throws IOException {
        out.write(id.getBytes(StandardCharsets.ISO_8859_1));
        out.write(major == 4 ? syncsafe(data.length) : new byte[] {
            (byte) (data.length >>> 24), (byte) (data.length >>> 16), (byte) (data.length >>> 8), (byte) data.length});
        out.write(new byte[2]);
        out.write(data);
    }

    public static byte[] syncsafe(int n) {
        return new byte[] {(byte) ((n >>> 21) & 0x7F), (byte) ((n >>> 14) & 0x7F), (byte) ((n >>> 7) & 0x7F), (byte) (n & 0x7F)};
    }

    public static byte[] id3v1() {
        byte[] t = new byte[128];
        put(t, 0, "TAG");
        put(t, 3, "V1 title");
        put(t, 33, "V1 artist");
        t[127] = (byte) 0xFF;
        return t;
    }

    /** An APEv2 tag with header and footer and one item. */
    public static byte[] apeTag() {
        byte[] item = new byte[8 + 6 + 5];
        item[0] = 5; // value length
        put(item, 8, "Title");
        put(item, 14, "hello");
        int size = item.length + 32; // items + footer
        byte[] tag = new byte[32 + item.length + 32];
        apeHeader(tag, 0, size, 1, true);
        System.arraycopy(item, 0, tag, 32, item.length);
        apeHeader(tag, 32 + item.length, size, 1, false);
        return tag;
    }

    private static void apeHeader(byte[] b, int at, int size, int items, boolean isHeader) {
        put(b, at, "APETAGEX");
        le32(b, at + 8, 2000);
        le32(b, at + 12, size);
        le32(b, at + 16, items);
        le32(b, at + 20, 0x80000000L | (isHeader ? 0x20000000L : 0));
    }

    public static void put(byte[] b, int at, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(v, 0, b, at, v.length);
    }

    public static void be32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    public static void le32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    public static void write(OutputStream out, byte[] b) throws IOException {
        out.write(b);
    }
}
