package org.dispotify.router.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** {@code GET /api/artists/{id}}: the artist and their albums, oldest first. */
public record ArtistDetail(@Schema(example = RouterApiDocs.ARTIST_ID) String id,
                           @Schema(example = "Miles Davis") String name,
                           @Schema(example = "3") int albumCount,
                           @Schema(example = "27") int songCount,
                           @Schema(description = "Albums by the artist, then albums the artist appears on; each group "
                                   + "by year (undated last), then name") List<AlbumSummary> albums) {
}
