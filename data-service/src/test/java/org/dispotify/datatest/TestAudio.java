package org.dispotify.datatest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files for tests: WAV made here (trivial to write), and bytes that are not audio at all. */
public final class TestAudio {

    private TestAudio() {
    }

    /** A PCM WAV of {@code seconds} with a deterministic tone-plus-noise signal, so different seeds differ. */
    public static byte[] wav(int sampleRate, int channels, double seconds, long seed) {
        int bytesPerSample = 2;
        int frames = (int) Math.round(sampleRate * seconds);
        int dataSize = frames * channels * bytesPerSample;
        ByteBuffer out = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(36 + dataSize).put(ascii("WAVE"));
        out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * bytesPerSample).putShort((short) (channels * bytesPerSample))
                .putShort((short) 16);
        out.put(ascii("data")).putInt(dataSize);
        Random random = new Random(seed);
        double step = 2 * Math.PI * (220 + seed % 400) / sampleRate;
        for (int i = 0; i < frames; i++) {
            short sample = (short) (Math.sin(i * step) * 8000 + random.nextGaussian() * 200);
            for (int c = 0; c < channels; c++) {
                out.putShort(sample);
            }
        }
        return out.array();
    }

    /** A small mono WAV: 8 kHz, 16-bit, so 16,000 bytes a second. */
    public static byte[] wav(double seconds, long seed) {
        return wav(8000, 1, seconds, seed);
    }

    public static byte[] png() {
        byte[] bytes = new byte[2048];
        new Random(7).nextBytes(bytes);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }

    public static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("song.mp3"));
            zip.write(wav(1, 3));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
