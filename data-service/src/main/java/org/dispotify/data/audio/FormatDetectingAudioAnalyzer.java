package org.dispotify.data.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Tells the format from the file's first bytes (never its name) and hands it to that format's parser.
 * Reads the file through one fixed buffer, so memory stays flat whatever the file's size. Thread-safe:
 * it holds no state between calls.
 */
public final class FormatDetectingAudioAnalyzer implements AudioAnalyzer {

    /** How far into a file without an ID3v2 tag the first MP3 frame may begin. */
    private static final int UNTAGGED_MP3_SEARCH = 4096;
    /** Taggers may pad between the ID3v2 tag and the first frame. */
    private static final int TAGGED_MP3_SEARCH = 64 * 1024;
    private static final int MAX_LEADING_ID3_TAGS = 8;

    @Override
    public AnalyzedAudio analyze(Path file) throws IOException {
        try (FileInput in = new FileInput(file)) {
            if (in.size() == 0) {
                throw new UnsupportedAudioException("the file is empty");
            }
            TagCollector tags = new TagCollector();
            return analyze(in, tags).withPicture(tags.picture());
        } catch (UnsupportedAudioException | CorruptAudioException e) {
            throw e;
        } catch (RuntimeException e) {
            // a parser bug on hostile input must still answer as bad audio, not as a server error
            throw new CorruptAudioException("unreadable audio: " + e, e);
        }
    }

    private static AnalyzedAudio analyze(FileInput in, TagCollector tags) throws IOException {
        if (WavAnalyzer.isWav(in)) {
            return WavAnalyzer.analyze(in, tags);
        }
        if (in.startsWith(0, OggAnalyzer.MAGIC)) {
            return OggAnalyzer.analyze(in, tags);
        }
        long start = skipId3v2(in, tags);
        boolean tagged = start > 0;
        if (in.startsWith(start, FlacAnalyzer.MAGIC)) {
            return FlacAnalyzer.analyze(in, start, tags);
        }
        return mp3(in, start, tagged, tags);
    }

    private static long skipId3v2(FileInput in, TagCollector tags) throws IOException {
        long pos = 0;
        for (int n = 0; n < MAX_LEADING_ID3_TAGS; n++) {
            long length = Id3v2Reader.tagLength(in, pos);
            if (length < 0) {
                break;
            }
            if (pos + length > in.size()) {
                throw new CorruptAudioException("the ID3v2 tag runs past the end of the file");
            }
            Id3v2Reader.read(in, pos, tags);
            pos += length;
        }
        return pos;
    }

    private static AnalyzedAudio mp3(FileInput in, long start, boolean tagged, TagCollector tags) throws IOException {
        long audioEnd = Trailers.audioEnd(in, start);
        if (tagged && audioEnd <= start) {
            throw new CorruptAudioException("nothing follows the ID3v2 tag");
        }
        int layer = Mp3Analyzer.layerAt(in, start);
        if (layer == 1 || layer == 2) {
            throw new UnsupportedAudioException("MPEG audio Layer " + layer + " is not supported (Layer III only)");
        }
        long first = Mp3Analyzer.findFirstFrame(in, start, audioEnd, tagged ? TAGGED_MP3_SEARCH : UNTAGGED_MP3_SEARCH);
        if (first < 0) {
            if (MpegFrameHeader.parse(Mp3Analyzer.header(in, start)) != null) {
                throw new CorruptAudioException("MP3 frames do not chain");
            }
            throw new UnsupportedAudioException("not a supported audio format");
        }
        Trailers.readId3v1(in, tags);
        return Mp3Analyzer.analyze(in, first, audioEnd, tags);
    }
}
