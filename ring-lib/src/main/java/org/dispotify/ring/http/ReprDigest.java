package org.dispotify.ring.http;

import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a whole file as the {@code Repr-Digest} header of RFC 9530 carries it
 * ({@code sha-256=:<base64>:}), and as the lowercase hex that song ids and {@code sha256} form fields
 * use. Uploads may declare the file's digest this way; audio responses carry it.
 */
public final class ReprDigest {

    public static final String HEADER = "Repr-Digest";
    /**
     * The problem type of an upload whose bytes do not hash to the SHA-256 declared with them: damaged on
     * the way. A router that forwarded its own, verified copy tries another data node instead of passing
     * the answer on.
     */
    public static final URI MISMATCH_PROBLEM = URI.create("https://dispotify.org/problems/digest-mismatch");

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int SHA256_BYTES = 32;

    private ReprDigest() {
    }

    /** The header value naming {@code sha256Hex} (64 hex digits). */
    public static String header(String sha256Hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)) + ":";
    }

    /**
     * The SHA-256 a {@code Repr-Digest} header names, as lowercase hex; empty when the header is absent
     * or names only other algorithms (which a receiver may ignore, RFC 9530 section 3).
     *
     * @throws IllegalArgumentException when the header is not a dictionary of byte sequences, or its
     *                                  sha-256 member is not 32 bytes
     */
    public static Optional<String> sha256Of(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (String member : header.split(",")) {
            String trimmed = member.strip();
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Repr-Digest member '" + trimmed + "' has no value");
            }
            String key = trimmed.substring(0, equals);
            String value = trimmed.substring(equals + 1);
            int parameters = value.indexOf(';');
            if (parameters >= 0) {
                value = value.substring(0, parameters);
            }
            if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
                throw new IllegalArgumentException("Repr-Digest member '" + key + "' is not a byte sequence (:base64:)");
            }
            if (!key.equals("sha-256")) {
                continue;
            }
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Repr-Digest sha-256 is not base64", e);
            }
            if (digest.length != SHA256_BYTES) {
                throw new IllegalArgumentException("Repr-Digest sha-256 has " + digest.length + " bytes, not 32");
            }
            return Optional.of(HexFormat.of().formatHex(digest));
        }
        return Optional.empty();
    }

    /**
     * A {@code sha256} form field's value as lowercase hex.
     *
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    public static String sha256Hex(String field) {
        String value = field == null ? "" : field.strip();
        if (!HEX.matcher(value).matches()) {
            throw new IllegalArgumentException("sha256 must be the file's SHA-256 as 64 hex digits");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
