package org.dispotify.data.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Detects a file's format from its bytes (never its name), reads its tags and exact duration, and
 * cuts it into ~10 s chunks at frame or page boundaries. Blocking: call it off the event loop.
 */
public interface AudioAnalyzer {

    /**
     * @throws UnsupportedAudioException the bytes are not one of the supported formats
     * @throws CorruptAudioException     the bytes start like a supported format but are truncated or corrupt
     */
    AnalyzedAudio analyze(Path file) throws IOException;
}
