package org.dispotify.data.song;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.data.store.SongRow;
import org.dispotify.data.system.DataApiDocs;

/** A song on the wire (DESIGN.md "Song JSON"); the router adds {@code replicas}. */
@Schema(description = "A song: id is the SHA-256 of the file's bytes")
public record SongJson(@Schema(example = DataApiDocs.SONG_ID) String id,
                       @Schema(example = "Blue in Green") String title,
                       @Schema(example = "Dispotify Quartet") String artist,
                       @Schema(example = "Samples") String album,
                       @Schema(example = "Jazz") String genre,
                       @Schema(example = "2024") Integer year,
                       @Schema(example = "3") Integer track,
                       @Schema(example = "31000") long durationMs,
                       @Schema(description = "mp3, flac, ogg, opus or wav", example = "mp3") String format,
                       @Schema(example = "audio/mpeg") String mimeType,
                       @Schema(description = "Bits per second", example = "128000") int bitrate,
                       @Schema(example = "496512") long sizeBytes,
                       @Schema(description = "~10 s chunks", example = "4") int chunkCount,
                       @Schema(description = "The album-artist tag (\"Various Artists\" for a file flagged as a "
                               + "compilation); null when the file has none", example = "Dispotify Quartet") String albumArtist,
                       @Schema(description = "Disc number", example = "1") Integer disc,
                       @Schema(description = "Whether it has a cover (GET /data/songs/{id}/cover)", example = "true")
                       boolean hasCover,
                       @Schema(description = "The SHA-256 of its cover's bytes, null when none: songs of an album "
                               + "usually share one", example = DataApiDocs.COVER_ID) String coverId) {

    static SongJson of(SongRow row) {
        return new SongJson(row.id(), row.title(), row.artist(), row.album(), row.genre(), row.year(), row.track(),
                row.durationMs(), row.format(), row.mimeType(), row.bitrate(), row.sizeBytes(), row.chunkCount(),
                row.albumArtist(), row.disc(), row.coverSha256() != null, row.coverSha256());
    }
}
