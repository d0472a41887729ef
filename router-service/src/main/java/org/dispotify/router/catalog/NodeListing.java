package org.dispotify.router.catalog;

import java.util.List;

import org.dispotify.router.nodes.Song;

/**
 * Everything one data node listed, deduplicated by id, plus what is needed to tell cheaply
 * whether a large list changed.
 *
 * @param consistent   false if the list moved while it was paged (totals differed, ids were
 *                     missing or repeated); such a listing is re-read in full next time
 * @param readAtNanos  monotonic time of the last full read
 * @param etag         the node's catalog tag all pages were read under, or null (no tag, or it moved
 *                     while paging): with it, the next read is a conditional one
 */
record NodeListing(List<Song> songs, long total, List<String> firstPageIds, List<String> lastPageIds,
                   boolean consistent, long readAtNanos, String etag) {

    static List<String> ids(List<Song> songs) {
        return songs.stream().map(Song::id).toList();
    }
}
