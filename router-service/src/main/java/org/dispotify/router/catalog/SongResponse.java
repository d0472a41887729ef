package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.nodes.Song;
import org.dispotify.router.system.RouterApiDocs;

/**
 * A song as the router serves it: the data role's song JSON, with the album artist the library decided
 * (see {@link AlbumGrouping}), the ids of its artist and album, whether it has a cover, and
 * {@code replicas}.
 */
@Schema(name = "CatalogSong")
public record SongResponse(@Schema(example = RouterApiDocs.SONG_ID) String id,
                           @Schema(example = "Blue in Green") String title,
                           @Schema(example = "Dispotify Quartet") String artist,
                           @Schema(example = "Samples") String album,
                           @Schema(description = "The album's artist: the album-artist tag, \"Various Artists\" for a "
                                   + "compilation, else the song's artist", example = "Dispotify Quartet") String albumArtist,
                           @Schema(example = "Jazz") String genre,
                           @Schema(example = "2024") Integer year,
                           @Schema(example = "3") Integer track,
                           @Schema(example = "1") Integer disc,
                           @Schema(example = "31000") Long durationMs,
                           @Schema(description = "mp3, flac, ogg, opus or wav", example = "mp3") String format,
                           @Schema(example = "audio/mpeg") String mimeType,
                           @Schema(description = "Bits per second", example = "128000") Integer bitrate,
                           @Schema(example = "496512") Long sizeBytes,
                           @Schema(description = "~10 s chunks", example = "4") Integer chunkCount,
                           @Schema(description = "The song's artist (GET /api/artists/{id})", example = RouterApiDocs.ARTIST_ID)
                           String artistId,
                           @Schema(description = "GET /api/albums/{id}", example = RouterApiDocs.ALBUM_ID) String albumId,
                           @Schema(description = "Whether GET /api/songs/{id}/cover has an image", example = "true")
                           boolean hasCover,
                           @Schema(description = "How many live data nodes hold it", example = "2") int replicas) {

    static SongResponse of(CatalogSong catalogSong) {
        Song s = catalogSong.song();
        Placement at = catalogSong.placement();
        return new SongResponse(s.id(), s.title(), s.artist(), s.album(), at == null ? s.albumArtist() : at.albumArtist(),
                s.genre(), s.year(), s.track(), s.disc(), s.durationMs(), s.format(), s.mimeType(), s.bitrate(),
                s.sizeBytes(), s.chunkCount(), at == null ? null : at.artistId(), at == null ? null : at.albumId(),
                s.covered(), catalogSong.replicas());
    }
}
