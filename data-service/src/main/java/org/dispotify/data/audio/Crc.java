package org.dispotify.data.audio;

/** The checksums the framings carry: FLAC's CRC-8 and CRC-16, Ogg's CRC-32 (all MSB-first, no reflection). */
final class Crc {

    static final int[] CRC8 = new int[256];
    static final int[] CRC16 = new int[256];
    static final int[] OGG = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c8 = n;
            int c16 = n << 8;
            int c32 = n << 24;
            for (int k = 0; k < 8; k++) {
                c8 = (c8 & 0x80) != 0 ? (c8 << 1) ^ 0x07 : c8 << 1;
                c16 = (c16 & 0x8000) != 0 ? (c16 << 1) ^ 0x8005 : c16 << 1;
                c32 = (c32 & 0x80000000) != 0 ? (c32 << 1) ^ 0x04C11DB7 : c32 << 1;
            }
            CRC8[n] = c8 & 0xFF;
            CRC16[n] = c16 & 0xFFFF;
            OGG[n] = c32;
        }
    }

    private Crc() {
    }

    static int crc8(byte[] b, int off, int len) {
        int c = 0;
        for (int k = off; k < off + len; k++) {
            c = CRC8[(c ^ b[k]) & 0xFF];
        }
        return c;
    }

    static int crc16(int crc, byte b) {
        return ((crc << 8) ^ CRC16[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
    }

    static int ogg(int crc, byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            crc = (crc << 8) ^ OGG[((crc >>> 24) ^ b[k]) & 0xFF];
        }
        return crc;
    }
}
