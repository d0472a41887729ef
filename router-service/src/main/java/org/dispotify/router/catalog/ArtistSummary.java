package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** An artist in lists: a track artist, an album artist, or both. */
@Schema(name = "Artist")
public record ArtistSummary(@Schema(example = RouterApiDocs.ARTIST_ID) String id,
                            @Schema(example = "Miles Davis") String name,
                            @Schema(description = "Albums by the artist, and albums (compilations) the artist appears on",
                                    example = "3") int albumCount,
                            @Schema(description = "Songs by the artist, and songs of albums the artist is the album artist of",
                                    example = "27") int songCount) {
}
