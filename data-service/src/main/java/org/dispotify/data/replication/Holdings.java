package org.dispotify.data.replication;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.data.system.DataApiDocs;

/** Song ids: asked about in a request, the complete ones among them in the answer. */
public record Holdings(@ArraySchema(schema = @Schema(example = DataApiDocs.SONG_ID)) List<String> ids) {

    public Holdings {
        ids = List.copyOf(ids);
    }
}
