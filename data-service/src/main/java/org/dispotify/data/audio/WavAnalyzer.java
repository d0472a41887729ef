package org.dispotify.data.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE (and RF64) with PCM or float samples. Time is sample math: a chunk boundary every 10 s of
 * whole sample frames (block-aligned) inside the data chunk; everything before the first sample is in
 * chunk 0 and every chunk after the data (LIST, id3) is in the last chunk.
 */
final class WavAnalyzer {

    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int ALAW = 6;
    private static final int MULAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_INFO = 1024 * 1024;

    private WavAnalyzer() {
    }

    static boolean isWav(FileInput in) throws IOException {
        return (in.startsWith(0, ascii("RIFF")) || in.startsWith(0, ascii("RF64"))) && in.startsWith(8, ascii("WAVE"));
    }

    static AnalyzedAudio analyze(FileInput in, TagCollector tags) throws IOException {
        boolean rf64 = in.startsWith(0, ascii("RF64"));
        long size = in.size();
        long ds64DataSize = -1;
        int channels = 0;
        long rate = 0;
        int blockAlign = 0;
        long dataStart = -1;
        long dataSize = 0;
        long pos = 12;
        while (pos + 8 <= size) {
            int i = in.ensure(pos, 8);
            byte[] b = in.buffer();
            String id = new String(b, i, 4, StandardCharsets.ISO_8859_1);
            long length = Trailers.le32(b, i + 4);
            long body = pos + 8;
            if (id.equals("data")) {
                dataStart = body;
                dataSize = length;
                if (rf64 && length == UNKNOWN_SIZE && ds64DataSize >= 0) {
                    dataSize = ds64DataSize;
                } else if (length == UNKNOWN_SIZE) {
                    dataSize = size - body; // written by a streaming encoder that never came back
                }
                if (dataSize < 0 || body + dataSize > size) {
                    throw new CorruptAudioException("WAV data chunk runs past the end of the file");
                }
                pos = body + dataSize + (dataSize & 1);
                break;
            }
            if (body + length > size) {
                throw new CorruptAudioException("WAV '" + printable(id) + "' chunk runs past the end of the file");
            }
            switch (id) {
                case "ds64" -> {
                    if (length >= 16) {
                        int k = in.ensure(body, 16);
                        ds64DataSize = Trailers.le32(in.buffer(), k + 8) | (Trailers.le32(in.buffer(), k + 12) << 32);
                    }
                }
                case "fmt " -> {
                    if (length < 16) {
                        throw new CorruptAudioException("short WAV fmt chunk");
                    }
                    int k = in.ensure(body, (int) Math.min(length, 40));
                    byte[] f = in.buffer();
                    int tag = u16(f, k);
                    if (tag == EXTENSIBLE && length >= 40) {
                        tag = u16(f, k + 24);
                    }
                    if (tag != PCM && tag != FLOAT && tag != ALAW && tag != MULAW) {
                        throw new UnsupportedAudioException("WAV with compressed audio (format 0x" + Integer.toHexString(tag) + ")");
                    }
                    channels = u16(f, k + 2);
                    rate = Trailers.le32(f, k + 4);
                    blockAlign = u16(f, k + 12);
                }
                case "LIST" -> readInfo(in, body, length, tags);
                case "id3 ", "ID3 " -> Id3v2Reader.read(in, body, tags);
                default -> {
                }
            }
            pos = body + length + (length & 1);
        }
        if (dataStart < 0) {
            throw new CorruptAudioException("WAV without a data chunk");
        }
        if (channels == 0 || rate == 0 || blockAlign == 0) {
            throw new CorruptAudioException("WAV without a valid fmt chunk before its data");
        }
        readTrailingChunks(in, pos, tags);
        long samples = dataSize / blockAlign;
        if (samples == 0) {
            throw new CorruptAudioException("WAV holds no samples");
        }
        ChunkPlanner planner = new ChunkPlanner(rate);
        long step = rate * ChunkPlanner.TARGET_SECONDS;
        for (long t = step; t < samples; t += step) {
            planner.boundary(dataStart + t * blockAlign, t);
        }
        int kbps = (int) Math.round(rate * blockAlign * 8 / 1000.0);
        return new AnalyzedAudio(AudioFormat.WAV, tags.tags(), planner.millis(samples), kbps,
                planner.finish(size, samples));
    }

    /** Chunks after the data carry only tags: a malformed one ends the reading, not the analysis. */
    private static void readTrailingChunks(FileInput in, long pos, TagCollector tags) throws IOException {
        long size = in.size();
        while (pos + 8 <= size) {
            int i = in.ensure(pos, 8);
            byte[] b = in.buffer();
            String id = new String(b, i, 4, StandardCharsets.ISO_8859_1);
            long length = Trailers.le32(b, i + 4);
            if (pos + 8 + length > size) {
                return;
            }
            if (id.equals("LIST")) {
                readInfo(in, pos + 8, length, tags);
            } else if (id.equals("id3 ") || id.equals("ID3 ")) {
                Id3v2Reader.read(in, pos + 8, tags);
            }
            pos += 8 + length + (length & 1);
        }
    }

    private static void readInfo(FileInput in, long body, long length, TagCollector tags) throws IOException {
        if (length < 4 || length > MAX_INFO || !in.startsWith(body, ascii("INFO"))) {
            return;
        }
        byte[] list = new byte[(int) length];
        in.read(body, list, 0, list.length);
        int p = 4;
        while (p + 8 <= list.length) {
            String id = new String(list, p, 4, StandardCharsets.ISO_8859_1);
            long len = Trailers.le32(list, p + 4);
            if (p + 8 + len > list.length) {
                return;
            }
            String value = text(list, p + 8, (int) len);
            switch (id) {
                case "INAM" -> tags.title(value);
                case "IART" -> tags.artist(value);
                case "IPRD" -> tags.album(value);
                case "IGNR" -> tags.genre(value);
                case "ICRD" -> tags.year(value);
                case "ITRK", "IPRT" -> tags.track(value);
                default -> {
                }
            }
            p += 8 + (int) len + (int) (len & 1);
        }
    }

    /** RIFF INFO text is meant to be ASCII; modern writers (ffmpeg) put UTF-8 there. */
    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
