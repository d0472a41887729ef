package org.dispotify.ring.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one cluster shares. It never travels: requests carry an HMAC of it
 * (see {@link RequestSignature}). At least 16 bytes, so a guessable word is refused.
 */
public final class ClusterSecret {

    static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_LENGTH = 16;

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        this.key = key;
    }

    public static ClusterSecret of(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must have at least " + MIN_LENGTH + " characters");
        }
        return new ClusterSecret(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    SecretKeySpec key() {
        return new SecretKeySpec(key, ALGORITHM);
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + key.length + " bytes]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterSecret that && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }
}
