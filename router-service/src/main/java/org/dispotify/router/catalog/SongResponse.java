package org.dispotify.router.catalog;

import org.dispotify.router.nodes.Song;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A song as the router serves it: the data role's song JSON plus {@code replicas}. */
public record SongResponse(@JsonUnwrapped Song song, int replicas) {

    static SongResponse of(CatalogSong song) {
        return new SongResponse(song.song(), song.replicas());
    }
}
