package org.dispotify.router.nodes;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One page of a data node's {@code GET /data/songs}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSongPage(List<Song> items, int page, int size, long total) {

    public DataSongPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
