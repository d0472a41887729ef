package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.router.nodes.Song;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A song as the router serves it: the data role's song JSON plus {@code replicas}. */
@Schema(name = "CatalogSong")
public record SongResponse(@JsonUnwrapped Song song,
                           @Schema(description = "How many live data nodes hold it", example = "2") int replicas) {

    static SongResponse of(CatalogSong song) {
        return new SongResponse(song.song(), song.replicas());
    }
}
