package org.dispotify.data.store;

/** A stored cover whose bytes no longer hash to the key they are stored under (or that is missing). */
public class CorruptCoverException extends RuntimeException {

    private final String sha256;

    public CorruptCoverException(String sha256, String problem) {
        super("cover " + sha256 + " " + problem);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }
}
