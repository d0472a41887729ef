package org.dispotify.router.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Makes small PCM WAV files a browser can play. */
public final class Wav {

    private Wav() {
    }

    /** Mono 16-bit PCM: a tone gliding from {@code fromHz} to {@code toHz}, so every file differs. */
    public static byte[] tone(double seconds, int sampleRate, double fromHz, double toHz) {
        int samples = (int) (seconds * sampleRate);
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double hz = fromHz + (toHz - fromHz) * i / samples;
            phase += 2 * Math.PI * hz / sampleRate;
            wav.putShort((short) (Math.sin(phase) * 6000));
        }
        return wav.array();
    }

    /** Bytes per second of {@link #tone} audio at this sample rate. */
    public static long byteRate(int sampleRate) {
        return sampleRate * 2L;
    }
}
