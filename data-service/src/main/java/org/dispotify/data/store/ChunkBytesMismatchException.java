package org.dispotify.data.store;

/**
 * The chunks read for a new song do not hash, together, to the song's id: its source changed between
 * hashing and storing (a damaged spool file, a replica that lied). The transaction is rolled back, so
 * nothing of the song is stored.
 */
public class ChunkBytesMismatchException extends RuntimeException {

    private final String songId;

    public ChunkBytesMismatchException(String songId, String actual) {
        super("the chunks of song " + songId + " hash to " + actual + "; nothing was stored");
        this.songId = songId;
    }

    public String songId() {
        return songId;
    }
}
