package org.dispotify.router.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One page of the catalog: {@code {items, page, size, total}}. */
@Schema(name = "CatalogPage")
public record SongPage(List<SongResponse> items, @Schema(description = "From 0", example = "0") int page,
                       @Schema(example = "50") int size,
                       @Schema(description = "Songs matching q", example = "1") long total) {
}
