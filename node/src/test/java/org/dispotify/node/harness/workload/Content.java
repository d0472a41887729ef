package org.dispotify.node.harness.workload;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a song's bytes must be when read back: the very bytes uploaded (small songs a workload keeps in
 * memory), or bytes whose SHA-256 is the one the uploader computed from the file it sent (songs of many
 * megabytes, hashed as they arrive instead of held).
 */
abstract sealed class Content {

    static Content bytes(byte[] expected) {
        return new Bytes(expected);
    }

    static Content sha256(String hex) {
        return new Sha256(hex);
    }

    /** Reads {@code body} to its end: empty when it is the content, else what was read instead. */
    abstract Optional<String> mismatch(InputStream body) throws IOException;

    /** What was uploaded, for a report. */
    abstract String uploaded();

    private static final class Bytes extends Content {

        private final byte[] expected;

        Bytes(byte[] expected) {
            this.expected = expected;
        }

        @Override
        Optional<String> mismatch(InputStream body) throws IOException {
            byte[] read = body.readAllBytes();
            return Arrays.equals(read, expected) ? Optional.empty() : Optional.of(read.length + " bytes");
        }

        @Override
        String uploaded() {
            return expected.length + " uploaded";
        }
    }

    private static final class Sha256 extends Content {

        private final String hex;

        Sha256(String hex) {
            this.hex = hex;
        }

        @Override
        Optional<String> mismatch(InputStream body) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long read = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = new DigestInputStream(body, digest)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                }
            }
            String got = HexFormat.of().formatHex(digest.digest());
            return got.equals(hex) ? Optional.empty() : Optional.of(read + " bytes with sha256 " + got);
        }

        @Override
        String uploaded() {
            return "sha256 " + hex + " uploaded";
        }
    }
}
