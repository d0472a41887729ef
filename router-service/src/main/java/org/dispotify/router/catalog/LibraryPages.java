package org.dispotify.router.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The library's list answers: {@code {items, page, size, total}} as the song list has. */
final class LibraryPages {

    private LibraryPages() {
    }

    @Schema(name = "AlbumPage")
    record Albums(List<AlbumSummary> items, @Schema(description = "From 0", example = "0") int page,
                  @Schema(example = "50") int size, @Schema(description = "Albums matching", example = "1") long total) {
    }

    @Schema(name = "ArtistPage")
    record Artists(List<ArtistSummary> items, @Schema(description = "From 0", example = "0") int page,
                   @Schema(example = "50") int size, @Schema(description = "Artists matching", example = "1") long total) {
    }

    @Schema(name = "GenreList")
    record Genres(@Schema(description = "Every genre, by name") List<GenreSummary> items) {
    }
}
