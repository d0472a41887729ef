package org.dispotify.data.song;

import java.util.List;

/** One page of the node's songs; {@code page} counts from 0. */
public record SongPage(List<SongJson> items, int page, int size, long total) {
}
