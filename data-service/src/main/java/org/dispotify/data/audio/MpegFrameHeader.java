package org.dispotify.data.audio;

/** One MPEG-1/2/2.5 Layer III frame header, decoded from its four bytes. */
record MpegFrameHeader(int version, int layer, int sampleRate, int bitrateKbps, int frameLength,
        int samples, boolean mono) {

    static final int MPEG1 = 3;
    static final int MPEG2 = 2;
    static final int MPEG25 = 0;

    private static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] RATE_V1 = {44100, 48000, 32000};

    /** The MPEG layer, decoded from the header (1, 2 or 3), or 0 when {@code h} is no MPEG audio sync word. */
    static int layerOf(int h) {
        if ((h >>> 21) != 0x7FF || ((h >>> 19) & 3) == 1) {
            return 0;
        }
        int bits = (h >>> 17) & 3;
        return bits == 0 ? 0 : 4 - bits;
    }

    /** Decodes a Layer III header; null if the bytes are not one (bad sync, reserved or free-format values). */
    static MpegFrameHeader parse(int h) {
        if (layerOf(h) != 3) {
            return null;
        }
        int version = (h >>> 19) & 3;
        int bitrateIndex = (h >>> 12) & 15;
        int rateIndex = (h >>> 10) & 3;
        if (bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3 || (h & 3) == 2) {
            return null;
        }
        int rate = RATE_V1[rateIndex] >> (version == MPEG1 ? 0 : version == MPEG2 ? 1 : 2);
        int padding = (h >>> 9) & 1;
        boolean mono = ((h >>> 6) & 3) == 3;
        int bitrate = (version == MPEG1 ? BITRATE_V1 : BITRATE_V2)[bitrateIndex];
        int samples = version == MPEG1 ? 1152 : 576;
        int length = (samples / 8) * 1000 * bitrate / rate + padding;
        return new MpegFrameHeader(version, 3, rate, bitrate, length, samples, mono);
    }

    /** Frames of one stream share version, layer and sample rate. */
    boolean sameStream(MpegFrameHeader other) {
        return other != null && other.version == version && other.sampleRate == sampleRate;
    }

    /** Where a Xing/Info header sits: after the side information. */
    int sideInfoEnd() {
        return 4 + (version == MPEG1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
    }
}
