package org.dispotify.data.replication;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.data.system.DataApiDocs;

/** One page of a node's song ids, sorted; {@code next} is the {@code after} of the next page, null at the end. */
public record IdPage(@ArraySchema(schema = @Schema(example = DataApiDocs.SONG_ID)) List<String> ids,
                     @Schema(description = "null on the last page", example = DataApiDocs.SONG_ID) String next) {
}
