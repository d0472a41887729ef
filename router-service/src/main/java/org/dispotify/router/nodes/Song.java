package org.dispotify.router.nodes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/**
 * A song as data nodes describe it (DESIGN.md "Song JSON"). {@code albumArtist} is the file's own tag
 * (null when it has none; the catalog decides the album artist it shows), {@code coverId} the SHA-256
 * of its cover's bytes (null when none).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Song(
        @Schema(example = RouterApiDocs.SONG_ID) String id,
        @Schema(example = "Blue in Green") String title,
        @Schema(example = "Dispotify Quartet") String artist,
        @Schema(example = "Samples") String album,
        @Schema(example = "Jazz") String genre,
        @Schema(example = "2024") Integer year,
        @Schema(example = "3") Integer track,
        @Schema(example = "31000") Long durationMs,
        @Schema(description = "mp3, flac, ogg, opus or wav", example = "mp3") String format,
        @Schema(example = "audio/mpeg") String mimeType,
        @Schema(description = "Bits per second", example = "128000") Integer bitrate,
        @Schema(example = "496512") Long sizeBytes,
        @Schema(description = "~10 s chunks", example = "4") Integer chunkCount,
        String albumArtist,
        Integer disc,
        Boolean hasCover,
        String coverId) {

    public Song(String id, String title, String artist, String album, String genre, Integer year, Integer track,
                Long durationMs, String format, String mimeType, Integer bitrate, Long sizeBytes, Integer chunkCount) {
        this(id, title, artist, album, genre, year, track, durationMs, format, mimeType, bitrate, sizeBytes, chunkCount,
                null, null, null, null);
    }

    /** Whether the song has a cover its data nodes serve. */
    public boolean covered() {
        return coverId != null && !coverId.isBlank();
    }
}
