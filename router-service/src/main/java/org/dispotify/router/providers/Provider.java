package org.dispotify.router.providers;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.system.RouterApiDocs;

/** A data node that can serve a whole song, and the URL of the song's audio there. */
public record Provider(@Schema(example = "node-8081") String nodeId,
                       @Schema(example = "http://127.0.0.1:8081/data/songs/" + RouterApiDocs.SONG_ID + "/audio")
                       String url) {
}
