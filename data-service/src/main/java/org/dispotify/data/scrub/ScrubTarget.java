package org.dispotify.data.scrub;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * One kind of hashed blob a data node stores with its songs, as the scrub sees it: what there is of it
 * for a song, and how to check one. Chunks are the first ({@link ChunkTarget}); a song's cover, stored
 * and hash-checked like chunks, becomes another bean of this type and is scrubbed the same way. A
 * target reports the damage it finds to whatever repairs that kind (chunks: the store's
 * {@code ChunkCorruption}, which replication's {@code ChunkRepair} listens to).
 */
public interface ScrubTarget {

    /** The metric tag and log word for this kind, e.g. {@code chunk}. */
    String kind();

    /** The items of song {@code songId} to check (empty if the song is gone). */
    Mono<List<ScrubItem>> items(String songId);

    /**
     * Checks one item against its stored hash, reporting damage for repair. Blocking (the scrub calls it on
     * the data role's io scheduler).
     *
     * @return bytes read and whether they matched; null when the item is gone or has no hash to check yet
     */
    Checked check(ScrubItem item);

    /** One blob: its song, its index among the song's blobs of this kind, and its size. */
    record ScrubItem(String songId, int index, long bytes) {
    }

    /** What a check found. */
    record Checked(long bytes, boolean intact) {
    }
}
