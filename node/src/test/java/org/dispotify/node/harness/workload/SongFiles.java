package org.dispotify.node.harness.workload;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.dispotify.testsupport.audio.Synth;
import org.dispotify.testsupport.audio.SyntheticFlac;
import org.dispotify.testsupport.audio.SyntheticMp3;
import org.dispotify.testsupport.audio.SyntheticOgg;

/**
 * Distinct song files of every format the data role takes, written to disk (a test holds many
 * megabytes of them without holding them in memory), each of about a requested size. The MP3, FLAC
 * and Ogg files come from test-support's writers (real framing, CRCs and granules around seeded random
 * payload); the WAVs are seeded noise, so no two songs share a byte pattern a damaged upload could
 * borrow from another without it showing.
 */
public final class SongFiles {

    /** The formats, with the file extension the uploader names them by. */
    public enum Format {
        WAV("wav"), MP3("mp3"), FLAC("flac"), OGG_VORBIS("ogg"), OGG_OPUS("opus");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** A song on disk and the SHA-256 of its bytes, which is the id Dispotify must give it. */
    public record SongFile(Path file, Format format, long size, String sha256) {
    }

    private static final int WAV_RATE = 44_100;
    private static final int WAV_BYTES_PER_SECOND = WAV_RATE * 4; // 16-bit stereo
    /** Seconds of a calibration file, long enough for a steady byte rate. */
    private static final double CALIBRATION_SECONDS = 20;

    private final Path dir;
    private final Map<Format, Double> bytesPerSecond = new EnumMap<>(Format.class);

    public SongFiles(Path dir) {
        this.dir = dir;
    }

    /** A song of {@code format} of about {@code bytes} bytes (at least a few kB), distinct for every seed. */
    public SongFile write(Format format, long bytes, long seed) {
        try {
            Path file = dir.resolve(format.name().toLowerCase() + "-" + Long.toHexString(seed) + "." + format.extension());
            if (format == Format.WAV) {
                writeWav(file, Math.max(1, (bytes - 44) / 4), seed);
            } else {
                double seconds = Math.max(0.5, bytes / rate(format));
                Files.move(synthesize(format, seconds, seed).file(), file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new SongFile(file, format, Files.size(file), sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex SHA-256 of a file's bytes, read in blocks. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The writers' byte rate (payload sizes are random), measured once per format on a short file. */
    private synchronized double rate(Format format) throws IOException {
        Double known = bytesPerSecond.get(format);
        if (known != null) {
            return known;
        }
        Synth sample = synthesize(format, CALIBRATION_SECONDS, 1);
        try {
            double rate = sample.size() / CALIBRATION_SECONDS;
            bytesPerSecond.put(format, rate);
            return rate;
        } finally {
            sample.delete();
        }
    }

    private static Synth synthesize(Format format, double seconds, long seed) throws IOException {
        return switch (format) {
            // MPEG-1 44.1 kHz, 320 kbit/s CBR, stereo, with an ID3v2.3 tag: 40 kB/s.
            case MP3 -> SyntheticMp3.write(new SyntheticMp3.Spec(3, 0, false, 14, seconds, SyntheticMp3.InfoFrame.NONE,
                    3, 0, false, false, false), seed);
            // 192 kHz stereo 16-bit, 192-sample blocks: about a thousand small frames a second.
            case FLAC -> SyntheticFlac.write(new SyntheticFlac.Spec(192_000, 2, 16, 192, seconds, true, true, false), seed);
            case OGG_VORBIS -> SyntheticOgg.write(new SyntheticOgg.Spec(false, 96_000, 0, seconds, false, 700, 255), seed);
            case OGG_OPUS -> SyntheticOgg.write(new SyntheticOgg.Spec(true, 48_000, 312, seconds, false, 700, 255), seed);
            case WAV -> throw new IllegalArgumentException("WAVs are written as noise here");
        };
    }

    private static void writeWav(Path file, long frames, long seed) throws IOException {
        long dataSize = frames * 4;
        ByteBuffer head = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        head.put(ascii("RIFF")).putInt((int) (36 + dataSize)).put(ascii("WAVE"));
        head.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 2).putInt(WAV_RATE)
                .putInt(WAV_BYTES_PER_SECOND).putShort((short) 4).putShort((short) 16);
        head.put(ascii("data")).putInt((int) dataSize);
        Random random = new Random(seed);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), block.length)) {
            out.write(head.array());
            for (long left = dataSize; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
