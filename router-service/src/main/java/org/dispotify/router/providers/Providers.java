package org.dispotify.router.providers;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** {@code GET /api/songs/{id}/providers}: up to three providers in random order. */
public record Providers(@Schema(example = RouterApiDocs.SONG_ID) String songId,
                        @ArraySchema(arraySchema = @Schema(description = "Up to 3, shuffled; empty if none can serve it whole"))
                        List<Provider> providers) {
}
