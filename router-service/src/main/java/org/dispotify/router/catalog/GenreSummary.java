package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.media.Schema;

/** A genre with how many songs carry it and how many albums have it as their genre. */
@Schema(name = "Genre")
public record GenreSummary(@Schema(example = "Jazz") String name,
                           @Schema(example = "120") int songCount,
                           @Schema(example = "11") int albumCount) {
}
