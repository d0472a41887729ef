package org.dispotify.testsupport.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes RIFF/WAVE (or RF64) files; the sample data is a sparse hole, so hours of audio cost no disk. */
public final class SyntheticWav {

    public record Spec(int sampleRate, int channels, int bitsPerSample, double seconds, boolean extensible, boolean infoBefore,
            boolean infoAfter, boolean rf64, int extraDataBytes) {
    }

    public static Synth write(Spec s) throws IOException {
        int blockAlign = s.channels() * ((s.bitsPerSample() + 7) / 8);
        long samples = Math.max(1, Math.round(s.seconds() * s.sampleRate()));
        long dataSize = samples * blockAlign + s.extraDataBytes(); // extra: a partial sample frame at the end
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(ascii(s.rf64() ? "RF64" : "RIFF"));
        le32(head, s.rf64() ? 0xFFFFFFFFL : 0); // RIFF size: readers must not trust it
        head.write(ascii("WAVE"));
        if (s.rf64()) {
            head.write(ascii("ds64"));
            le32(head, 28);
            le64(head, 0);
            le64(head, dataSize);
            le64(head, samples);
            le32(head, 0);
        }
        head.write(ascii("fmt "));
        le32(head, s.extensible() ? 40 : 16);
        le16(head, s.extensible() ? 0xFFFE : (s.bitsPerSample() == 32 ? 3 : 1));
        le16(head, s.channels());
        le32(head, s.sampleRate());
        le32(head, (long) s.sampleRate() * blockAlign);
        le16(head, blockAlign);
        le16(head, s.bitsPerSample());
        if (s.extensible()) {
            le16(head, 22);
            le16(head, s.bitsPerSample());
            le32(head, 0);
            le16(head, 1); // sub-format GUID starts with the PCM tag
            head.write(new byte[14]);
        }
        if (s.infoBefore()) {
            head.write(info("Wav synth", "Synth", "Synth album", "Chill", "2003", "5"));
        }
        head.write(ascii("data"));
        le32(head, s.rf64() ? 0xFFFFFFFFL : dataSize);
        byte[] header = head.toByteArray();
        Path file = Files.createTempFile("synth", ".bin");
        long dataStart = header.length;
        long dataEnd = dataStart + dataSize;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(dataEnd); // sparse
            raf.seek(dataEnd);
            if ((dataSize & 1) != 0) {
                raf.write(0);
            }
            if (s.infoAfter()) {
                raf.write(info("After", "After artist", "After album", "Late", "2004", "6"));
            }
        }
        Synth.Cuts cuts = new Synth.Cuts() {
            @Override
            public Long samplesAt(long offset) {
                long rel = offset - dataStart;
                return rel > 0 && offset < dataEnd && rel % blockAlign == 0 ? rel / blockAlign : null;
            }

            @Override
            public long longestFrame() {
                return 1;
            }
        };
        return new Synth(file, s.sampleRate(), samples, dataStart, dataEnd, cuts);
    }

    public static byte[] info(String title, String artist, String album, String genre, String year, String track)
            throws IOException {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        items.write(ascii("INFO"));
        item(items, "INAM", title);
        item(items, "IART", artist);
        item(items, "IPRD", album);
        item(items, "IGNR", genre);
        item(items, "ICRD", year);
        item(items, "ITRK", track);
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.write(ascii("LIST"));
        le32(list, items.size());
        list.write(items.toByteArray());
        return list.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, String id, String value) throws IOException {
        byte[] v = (value + "\0").getBytes(StandardCharsets.UTF_8);
        out.write(ascii(id));
        le32(out, v.length);
        out.write(v);
        if ((v.length & 1) != 0) {
            out.write(0);
        }
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static void le16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    public static void le32(ByteArrayOutputStream out, long v) {
        for (int k = 0; k < 4; k++) {
            out.write((int) (v >>> (8 * k)));
        }
    }

    public static void le64(ByteArrayOutputStream out, long v) {
        for (int k = 0; k < 8; k++) {
            out.write((int) (v >>> (8 * k)));
        }
    }
}
