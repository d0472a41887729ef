package org.dispotify.node.harness.workload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Distinct small songs: WAVs (8 kHz mono, 16-bit) of a seeded tone with seeded noise, so every seed gives other bytes. */
public final class Songs {

    private Songs() {
    }

    /** {@code seconds} of audio; 0.2 s is 3,244 bytes. */
    public static byte[] wav(double seconds, long seed) {
        int frames = (int) Math.round(8000 * seconds);
        int dataSize = frames * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(36 + dataSize).put(ascii("WAVE"));
        out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        out.put(ascii("data")).putInt(dataSize);
        Random random = new Random(seed);
        double step = 2 * Math.PI * (220 + Math.floorMod(seed, 400)) / 8000;
        for (int i = 0; i < frames; i++) {
            out.putShort((short) (Math.sin(i * step) * 8000 + random.nextGaussian() * 200));
        }
        return out.array();
    }

    /** The song id Dispotify gives these bytes: lowercase hex SHA-256. */
    public static String id(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
