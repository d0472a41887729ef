package org.dispotify.data.store;

/** A stored chunk whose bytes no longer match the hash stored with them (disk or file damage). */
public class CorruptChunkException extends RuntimeException {

    private final String songId;
    private final int index;

    public CorruptChunkException(String songId, int index) {
        super("chunk " + index + " of song " + songId + " does not match its stored SHA-256");
        this.songId = songId;
        this.index = index;
    }

    public String songId() {
        return songId;
    }

    public int index() {
        return index;
    }
}
