package org.dispotify.router.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** {@code GET /api/albums/{id}}: the album and its songs in disc, then track order. */
public record AlbumDetail(@Schema(example = RouterApiDocs.ALBUM_ID) String id,
                          @Schema(example = "Kind of Blue") String name,
                          @Schema(example = "Miles Davis") String artist,
                          @Schema(example = RouterApiDocs.ARTIST_ID) String artistId,
                          @Schema(example = "1959") Integer year,
                          @Schema(example = "Jazz") String genre,
                          @Schema(example = "5") int songCount,
                          @Schema(example = "2757000") long durationMs,
                          @Schema(example = "true") boolean hasCover,
                          @Schema(example = "false") boolean compilation,
                          @Schema(description = "Disc 1 first (a song without a disc number counts as disc 1), then by "
                                  + "track number (songs without one after the numbered), then by title")
                          List<SongResponse> songs) {

    static AlbumDetail of(AlbumSummary a, List<SongResponse> songs) {
        return new AlbumDetail(a.id(), a.name(), a.artist(), a.artistId(), a.year(), a.genre(), a.songCount(),
                a.durationMs(), a.hasCover(), a.compilation(), songs);
    }
}
