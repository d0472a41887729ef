package org.dispotify.data.replication;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.data.system.DataApiDocs;

/** A node's answer to "copy this song": it holds it now; {@code created} if it copied it just now. */
public record Pulled(@Schema(example = DataApiDocs.SONG_ID) String id, @Schema(example = "node-8081") String holder,
                     @Schema(example = "true") boolean created) {
}
