package org.dispotify.data.song;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.data.replication.Durability;
import org.dispotify.data.store.SongRow;
import org.dispotify.data.system.DataApiDocs;

/**
 * The answer to an upload: the song JSON plus where it is durable now, {@code replicas} data nodes,
 * named in {@code holders} (the receiving node first).
 */
@Schema(description = "The stored song, with the data nodes that hold it complete now")
public record UploadedSong(@Schema(example = DataApiDocs.SONG_ID) String id,
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
                           @Schema(description = "The album-artist tag, null when none", example = "Dispotify Quartet")
                           String albumArtist,
                           @Schema(description = "Disc number", example = "1") Integer disc,
                           @Schema(description = "Whether it has a cover", example = "true") boolean hasCover,
                           @Schema(description = "The SHA-256 of its cover's bytes, null when none",
                                   example = DataApiDocs.COVER_ID) String coverId,
                           @Schema(description = "How many data nodes hold it", example = "2") int replicas,
                           @ArraySchema(schema = @Schema(example = "node-8081"),
                                   arraySchema = @Schema(description = "Those nodes, this one first"))
                           List<String> holders) {

    static UploadedSong of(SongRow row, Durability durability) {
        return new UploadedSong(row.id(), row.title(), row.artist(), row.album(), row.genre(), row.year(), row.track(),
                row.durationMs(), row.format(), row.mimeType(), row.bitrate(), row.sizeBytes(), row.chunkCount(),
                row.albumArtist(), row.disc(), row.coverSha256() != null, row.coverSha256(),
                durability.replicas(), durability.holders());
    }
}
