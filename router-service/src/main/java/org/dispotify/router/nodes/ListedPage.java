package org.dispotify.router.nodes;

/**
 * One answer of a data node's {@code GET /data/songs}: the page and the node's catalog tag, or, when
 * the node answered {@code 304} to the tag it was asked with, no page: its catalog is unchanged.
 *
 * @param etag the node's catalog tag ({@code ETag}), or null from a node that sends none
 */
public record ListedPage(DataSongPage page, String etag) {

    static ListedPage unchanged(String etag) {
        return new ListedPage(null, etag);
    }

    public boolean unchanged() {
        return page == null;
    }
}
