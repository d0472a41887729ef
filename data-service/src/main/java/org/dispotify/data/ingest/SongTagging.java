package org.dispotify.data.ingest;

import java.util.Map;

import org.dispotify.data.audio.AnalyzedAudio;
import org.dispotify.data.audio.Tags;
import org.dispotify.data.store.SongRow;

/** Decides a new song's tags: form fields first, then the file's own tags, then fallbacks. */
final class SongTagging {

    static final String UNKNOWN_ARTIST = "Unknown artist";
    static final String UNKNOWN_ALBUM = "Unknown album";
    static final String UNKNOWN_GENRE = "Unknown genre";
    static final String UNTITLED = "Untitled";

    private SongTagging() {
    }

    static SongRow row(SpooledUpload upload, AnalyzedAudio audio, long storedAt, String coverSha256) {
        Tags tags = audio.tags() == null ? Tags.NONE : audio.tags();
        Map<String, String> fields = upload.fields();
        return new SongRow(
                upload.sha256(),
                pick(fields.get("title"), tags.title(), titleFromFilename(upload.filename())),
                pick(fields.get("artist"), tags.artist(), UNKNOWN_ARTIST),
                pick(fields.get("album"), tags.album(), UNKNOWN_ALBUM),
                pick(fields.get("genre"), tags.genre(), UNKNOWN_GENRE),
                tags.year(),
                tags.track(),
                audio.durationMs(),
                audio.format().label(),
                audio.format().mimeType(),
                audio.bitrateKbps(),
                upload.size(),
                audio.chunks().size(),
                storedAt,
                tags.albumArtist(),
                tags.disc(),
                coverSha256);
    }

    /** The file name without directories (some browsers send a full path) and without its extension. */
    static String titleFromFilename(String filename) {
        if (filename == null) {
            return UNTITLED;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        String title = dot > 0 ? name.substring(0, dot) : name;
        return title.isBlank() ? UNTITLED : title;
    }

    private static String pick(String override, String fromFile, String fallback) {
        if (override != null && !override.isBlank()) {
            return override;
        }
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile;
        }
        return fallback;
    }
}
