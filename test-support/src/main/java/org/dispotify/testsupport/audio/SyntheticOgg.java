package org.dispotify.testsupport.audio;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes Ogg Vorbis or Ogg Opus streams: real header packets, audio packets of random sizes and
 * durations laid into pages of random segment counts (so packets span pages and some pages end no
 * packet), correct granule positions, sequence numbers and CRCs.
 */
public final class SyntheticOgg {

    private static final int[] OPUS_FRAME = {120, 240, 480, 960, 1920, 2880};

    public record Spec(boolean opus, int sampleRate, int preSkip, double seconds, boolean bigComment, int maxPacketBytes,
            int maxSegmentsPerPage) {
    }

    public static Synth write(Spec spec, long seed) throws IOException {
        return write(spec, seed, List.of());
    }

    /** As {@link #write(Spec, long)}, with {@code extraComments} ("KEY=value") ahead of the usual ones. */
    public static Synth write(Spec spec, long seed, List<String> extraComments) throws IOException {
        // Vorbis has no pre-skip
        Spec s = spec.opus() ? spec : new Spec(false, spec.sampleRate(), 0, spec.seconds(), spec.bigComment(),
            spec.maxPacketBytes(), spec.maxSegmentsPerPage());
        Random random = new Random(seed);
        long rate = s.opus() ? 48000 : s.sampleRate();
        long total = Math.max(1, Math.round(s.seconds() * rate));
        Path file = Files.createTempFile("synth", ".bin");
        Synth.CutList cuts = new Synth.CutList();
        Pager pager;
        long headerEnd;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            pager = new Pager(out, random.nextInt(), s.maxSegmentsPerPage());
            pager.packet(ident(s), 0, true);
            pager.flush(0, false);
            pager.packet(comment(s, extraComments), 0, false);
            if (!s.opus()) {
                pager.packet(setup(random), 0, false);
            }
            pager.flush(0, false);
            headerEnd = pager.offset;
            long samples = 0; // granule of the decoded stream (Opus: includes the pre-skip)
            long end = total + s.preSkip();
            byte[] body = new byte[Math.max(1, s.maxPacketBytes())];
            while (samples < end) {
                long duration = s.opus() ? OPUS_FRAME[random.nextInt(OPUS_FRAME.length)] : (random.nextBoolean() ? 128 : 1024);
                duration = Math.min(duration, end - samples);
                samples += duration;
                int len = 1 + random.nextInt(body.length);
                random.nextBytes(body);
                pager.packet(java.util.Arrays.copyOf(body, len), samples, false);
            }
            pager.flush(samples, true);
            for (long[] cut : pager.cuts) {
                cuts.add(cut[0], cut[1] - s.preSkip());
            }
        }
        return new Synth(file, rate, total, headerEnd, pager.offset, cuts.finish(total));
    }

    /** Lays packets into pages; a page closes after a random number of segments (at most maxSegments). */
    private static final class Pager {
        private final OutputStream out;
        private final int serial;
        private final int maxSegments;
        private final Random random;
        private final List<Integer> lacing = new ArrayList<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<long[]> cuts = new ArrayList<>();
        private long offset;
        private long sequence;
        private long pageGranule = -1; // granule of the last packet that ended on the open page
        private boolean continued;
        private boolean bos = true;
        private boolean lastPageEndedPacket = true;
        private long lastGranule = 0;
        private boolean audio;

        Pager(OutputStream out, int serial, int maxSegments) {
            this.out = out;
            this.serial = serial;
            this.maxSegments = Math.max(1, Math.min(255, maxSegments));
            this.random = new Random(serial);
        }

        void packet(byte[] data, long granuleAfter, boolean first) throws IOException {
            audio = granuleAfter > 0 || audio;
            int remaining = data.length;
            int at = 0;
            boolean done = false;
            int budget = 1 + random.nextInt(maxSegments);
            while (!done) {
                if (lacing.size() >= Math.min(255, budget)) {
                    page(false, audio);
                    continued = true;
                    budget = 1 + random.nextInt(maxSegments);
                }
                int seg = Math.min(255, remaining);
                lacing.add(seg);
                body.write(data, at, seg);
                at += seg;
                remaining -= seg;
                if (seg < 255) {
                    done = true;
                }
            }
            pageGranule = granuleAfter;
            continued = false;
            if (audio && random.nextInt(4) == 0) {
                page(false, true);
            }
        }

        void flush(long granule, boolean eos) throws IOException {
            if (!lacing.isEmpty() || eos) {
                pageGranule = lacing.isEmpty() ? granule : pageGranule;
                page(eos, audio);
            }
        }

        /** Writes the open page; records it as a cut place if it starts a fresh packet after the headers. */
        private void page(boolean eos, boolean isAudio) throws IOException {
            boolean endsPacket = !lacing.isEmpty() && lacing.get(lacing.size() - 1) < 255;
            long granule = endsPacket ? pageGranule : -1;
            boolean cont = !lastPageEndedPacket;
            if (isAudio && lastPageEndedPacket) {
                cuts.add(new long[] {offset, lastGranule});
            }
            byte[] page = new byte[27 + lacing.size() + body.size()];
            page[0] = 'O';
            page[1] = 'g';
            page[2] = 'g';
            page[3] = 'S';
            page[5] = (byte) ((cont ? 1 : 0) | (bos ? 2 : 0) | (eos ? 4 : 0));
            for (int k = 0; k < 8; k++) {
                page[6 + k] = (byte) (granule >>> (8 * k));
            }
            SyntheticMp3.le32(page, 14, serial);
            SyntheticMp3.le32(page, 18, sequence++);
            page[26] = (byte) lacing.size();
            for (int k = 0; k < lacing.size(); k++) {
                page[27 + k] = (byte) (int) lacing.get(k);
            }
            byte[] b = body.toByteArray();
            System.arraycopy(b, 0, page, 27 + lacing.size(), b.length);
            SyntheticMp3.le32(page, 22, TestCrc.ogg(page, 0, page.length));
            out.write(page);
            offset += page.length;
            bos = false;
            lastPageEndedPacket = endsPacket;
            if (endsPacket) {
                lastGranule = granule;
            }
            lacing.clear();
            body.reset();
        }
    }

    private static byte[] ident(Spec s) {
        if (s.opus()) {
            byte[] h = new byte[19];
            SyntheticMp3.put(h, 0, "OpusHead");
            h[8] = 1;
            h[9] = 2;
            h[10] = (byte) s.preSkip();
            h[11] = (byte) (s.preSkip() >>> 8);
            SyntheticMp3.le32(h, 12, 44100);
            return h;
        }
        byte[] h = new byte[30];
        h[0] = 1;
        SyntheticMp3.put(h, 1, "vorbis");
        h[11] = 2;
        SyntheticMp3.le32(h, 12, s.sampleRate());
        SyntheticMp3.le32(h, 20, 128000);
        h[28] = (byte) 0xB8;
        h[29] = 1;
        return h;
    }

    private static byte[] comment(Spec s, List<String> extraComments) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (s.opus()) {
            out.write("OpusTags".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(3);
            out.write("vorbis".getBytes(StandardCharsets.US_ASCII));
        }
        List<String> entries = new ArrayList<>(List.of("title=Ogg synth 🎶", "Artist=Synth", "ALBUM=Synth album",
            "GENRE=Drone", "DATE=1995", "TRACKNUMBER=11/12"));
        if (s.bigComment()) {
            entries.add(0, "METADATA_BLOCK_PICTURE=" + "B".repeat(150_000));
        }
        entries.addAll(0, extraComments);
        SyntheticFlac.writeLe32(out, 5);
        out.write("synth".getBytes(StandardCharsets.US_ASCII));
        SyntheticFlac.writeLe32(out, entries.size());
        for (String e : entries) {
            byte[] v = e.getBytes(StandardCharsets.UTF_8);
            SyntheticFlac.writeLe32(out, v.length);
            out.write(v);
        }
        if (!s.opus()) {
            out.write(1); // framing bit
        }
        return out.toByteArray();
    }

    private static byte[] setup(Random random) {
        byte[] h = new byte[300 + random.nextInt(3000)];
        random.nextBytes(h);
        h[0] = 5;
        SyntheticMp3.put(h, 1, "vorbis");
        return h;
    }
}
