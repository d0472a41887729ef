package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** An album in lists: what a grid tile shows. */
@Schema(name = "Album")
public record AlbumSummary(@Schema(example = RouterApiDocs.ALBUM_ID) String id,
                           @Schema(example = "Kind of Blue") String name,
                           @Schema(description = "The album artist (\"Various Artists\" for a compilation)",
                                   example = "Miles Davis") String artist,
                           @Schema(example = RouterApiDocs.ARTIST_ID) String artistId,
                           @Schema(description = "The latest year of its songs", example = "1959") Integer year,
                           @Schema(description = "The most common genre of its songs", example = "Jazz") String genre,
                           @Schema(example = "5") int songCount,
                           @Schema(example = "2757000") long durationMs,
                           @Schema(description = "Whether GET /api/albums/{id}/cover has an image", example = "true")
                           boolean hasCover,
                           @Schema(description = "Songs by several artists under \"Various Artists\"", example = "false")
                           boolean compilation) {
}
