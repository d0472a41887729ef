package org.dispotify.data.song;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One page of the node's songs; {@code page} counts from 0. */
@Schema(name = "StoredSongPage")
public record SongPage(List<SongJson> items, @Schema(description = "From 0", example = "0") int page,
                       @Schema(example = "50") int size, @Schema(description = "Songs on this node", example = "1") long total) {
}
