package org.dispotify.data.song;

import io.swagger.v3.oas.annotations.media.Schema;

/** Whether this node holds every chunk of a song, so it can serve the whole song. */
public record Completeness(@Schema(example = "true") boolean complete) {
}
