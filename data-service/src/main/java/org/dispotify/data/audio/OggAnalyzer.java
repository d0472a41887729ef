package org.dispotify.data.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Ogg Vorbis and Ogg Opus: walks the pages, checking capture pattern, CRC and sequence numbers. A
 * chunk may begin at a page that starts a fresh packet after the header packets; its time is the
 * granule position of the page before it (Opus: minus the pre-skip, at 48 kHz).
 */
final class OggAnalyzer {

    static final byte[] MAGIC = {'O', 'g', 'g', 'S'};
    private static final int PAGE_HEADER = 27;
    private static final int CONTINUED = 0x01;
    private static final int BOS = 0x02;
    private static final int EOS = 0x04;
    private static final byte[] ZERO_CRC = new byte[4];
    private static final long MAX_COMMENT_BYTES = 16L * 1024 * 1024;

    private OggAnalyzer() {
    }

    /** One parsed page: where it is, its flags and granule, and the packet ends on it. */
    private record Page(long start, int length, int flags, long granule, int serial, long sequence,
            int segments, long bodyStart, int[] lacing) {
    }

    static AnalyzedAudio analyze(FileInput in, TagCollector tags) throws IOException {
        long audioEnd = Trailers.audioEnd(in, 0);
        Page page = page(in, 0, audioEnd);
        if ((page.flags() & BOS) == 0) {
            throw new CorruptAudioException("the first Ogg page does not begin a stream");
        }
        byte[] ident = new byte[Math.min(64, firstPacketLength(page))];
        in.read(page.bodyStart(), ident, 0, ident.length);
        boolean opus = startsWith(ident, "OpusHead");
        boolean vorbis = ident.length > 7 && ident[0] == 1 && startsWith(ident, 1, "vorbis");
        if (!opus && !vorbis) {
            throw new UnsupportedAudioException("Ogg stream of a codec other than Vorbis or Opus");
        }
        if ((opus && ident.length < 19) || (vorbis && ident.length < 30)) {
            throw new CorruptAudioException("short Ogg identification header");
        }
        long rate = opus ? 48000 : Trailers.le32(ident, 12);
        long preSkip = opus ? (ident[10] & 0xFF) | ((ident[11] & 0xFF) << 8) : 0;
        if (rate <= 0 || rate > 1_000_000) {
            throw new CorruptAudioException("Ogg Vorbis sample rate " + rate);
        }
        int headerPackets = opus ? 2 : 3;

        ChunkPlanner planner = new ChunkPlanner(rate);
        List<long[]> commentPieces = new ArrayList<>();
        long commentBytes = 0;
        int packetsDone = 0;
        long firstAudioPage = -1;
        long lastGranule = 0;
        boolean previousEndsPacket = true;
        int serial = page.serial();
        long sequence = page.sequence() - 1;
        long pos = 0;
        while (true) {
            if (page.serial() != serial) {
                throw new UnsupportedAudioException("multiplexed or chained Ogg streams are not supported");
            }
            if (page.sequence() != sequence + 1) {
                throw new CorruptAudioException("Ogg page " + (sequence + 1) + " is missing (byte " + pos + ")");
            }
            sequence = page.sequence();
            boolean continued = (page.flags() & CONTINUED) != 0;
            if (packetsDone >= headerPackets) {
                if (firstAudioPage < 0) {
                    firstAudioPage = pos;
                }
                if (previousEndsPacket && !continued) {
                    planner.boundary(pos, lastGranule - preSkip);
                }
            }
            // walk the packets on this page
            long segmentStart = page.bodyStart();
            long pieceStart = segmentStart;
            boolean inComment = packetsDone == 1;
            for (int s = 0; s < page.segments(); s++) {
                int lace = page.lacing()[s];
                segmentStart += lace;
                if (lace < 255) {
                    if (inComment && packetsDone == 1) {
                        commentBytes += addPiece(commentPieces, pieceStart, segmentStart, commentBytes);
                    }
                    packetsDone = packetsDone < Integer.MAX_VALUE ? packetsDone + 1 : packetsDone;
                    pieceStart = segmentStart;
                    inComment = packetsDone == 1;
                }
            }
            if (inComment && packetsDone == 1 && segmentStart > pieceStart) {
                commentBytes += addPiece(commentPieces, pieceStart, segmentStart, commentBytes);
            }
            int lastLace = page.segments() == 0 ? 255 : page.lacing()[page.segments() - 1];
            previousEndsPacket = lastLace < 255;
            if (page.granule() != -1) {
                if (packetsDone > headerPackets && page.granule() < lastGranule) {
                    throw new CorruptAudioException("Ogg granule position goes backwards at byte " + pos);
                }
                lastGranule = page.granule();
            }
            pos += page.length();
            if ((page.flags() & EOS) != 0) {
                break;
            }
            if (pos >= audioEnd) {
                throw new CorruptAudioException("truncated Ogg stream: no end-of-stream page");
            }
            page = page(in, pos, audioEnd);
            if ((page.flags() & BOS) != 0) {
                throw new UnsupportedAudioException("multiplexed or chained Ogg streams are not supported");
            }
        }
        if (pos != audioEnd) {
            if (in.startsWith(pos, MAGIC)) {
                throw new UnsupportedAudioException("chained Ogg streams are not supported");
            }
            throw new CorruptAudioException("unexpected bytes after the Ogg end-of-stream page at byte " + pos);
        }
        if (firstAudioPage < 0 || packetsDone <= headerPackets) {
            throw new CorruptAudioException("Ogg stream holds no audio");
        }
        readComments(in, commentPieces, opus, tags);
        long samples = Math.max(0, lastGranule - preSkip);
        long audioBytes = audioEnd - firstAudioPage;
        int kbps = samples == 0 ? 0 : (int) Math.round(audioBytes * 8.0 * rate / samples / 1000.0);
        return new AnalyzedAudio(opus ? AudioFormat.OGG_OPUS : AudioFormat.OGG_VORBIS, tags.tags(),
                planner.millis(samples), kbps, planner.finish(in.size(), samples));
    }

    private static long addPiece(List<long[]> pieces, long from, long to, long soFar) {
        if (soFar >= MAX_COMMENT_BYTES || to <= from) {
            return 0;
        }
        pieces.add(new long[] {from, to - from});
        return to - from;
    }

    private static void readComments(FileInput in, List<long[]> pieces, boolean opus, TagCollector tags)
            throws IOException {
        List<InputStream> streams = new ArrayList<>(pieces.size());
        for (long[] piece : pieces) {
            streams.add(in.stream(piece[0], piece[1]));
        }
        InputStream packet = new SequenceInputStream(Collections.enumeration(streams));
        byte[] magic = packet.readNBytes(opus ? 8 : 7);
        boolean ok = opus ? startsWith(magic, "OpusTags") : magic.length == 7 && magic[0] == 3 && startsWith(magic, 1, "vorbis");
        if (ok) {
            VorbisComments.read(packet, tags);
        }
    }

    private static int firstPacketLength(Page page) {
        int len = 0;
        for (int s = 0; s < page.segments(); s++) {
            len += page.lacing()[s];
            if (page.lacing()[s] < 255) {
                break;
            }
        }
        return len;
    }

    private static Page page(FileInput in, long pos, long end) throws IOException {
        if (end - pos < PAGE_HEADER || !in.startsWith(pos, MAGIC)) {
            throw new CorruptAudioException("no Ogg page at byte " + pos);
        }
        int i = in.ensure(pos, PAGE_HEADER);
        byte[] b = in.buffer();
        if (b[i + 4] != 0) {
            throw new CorruptAudioException("unknown Ogg version at byte " + pos);
        }
        int flags = b[i + 5] & 0xFF;
        long granule = 0;
        for (int k = 13; k >= 6; k--) {
            granule = (granule << 8) | (b[i + k] & 0xFF);
        }
        int serial = (int) Trailers.le32(b, i + 14);
        long sequence = Trailers.le32(b, i + 18);
        int storedCrc = (int) Trailers.le32(b, i + 22);
        int segments = b[i + 26] & 0xFF;
        if (end - pos < PAGE_HEADER + segments) {
            throw new CorruptAudioException("truncated Ogg page at byte " + pos);
        }
        i = in.ensure(pos, PAGE_HEADER + segments);
        b = in.buffer();
        int[] lacing = new int[segments];
        int body = 0;
        for (int s = 0; s < segments; s++) {
            lacing[s] = b[i + PAGE_HEADER + s] & 0xFF;
            body += lacing[s];
        }
        int length = PAGE_HEADER + segments + body;
        if (end - pos < length) {
            throw new CorruptAudioException("truncated Ogg page at byte " + pos);
        }
        i = in.ensure(pos, length);
        b = in.buffer();
        int crc = Crc.ogg(0, b, i, 22);
        crc = Crc.ogg(crc, ZERO_CRC, 0, 4);
        crc = Crc.ogg(crc, b, i + 26, length - 26);
        if (crc != storedCrc) {
            throw new CorruptAudioException("Ogg page CRC mismatch at byte " + pos);
        }
        return new Page(pos, length, flags, granule, serial, sequence, segments, pos + PAGE_HEADER + segments, lacing);
    }

    private static boolean startsWith(byte[] b, String s) {
        return startsWith(b, 0, s);
    }

    private static boolean startsWith(byte[] b, int off, String s) {
        if (b.length < off + s.length()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[off + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
