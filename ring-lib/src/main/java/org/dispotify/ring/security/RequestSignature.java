package org.dispotify.ring.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;

/**
 * Signs and checks cluster requests: HMAC-SHA256 over the method, the path with its query, a
 * timestamp and a nonce, sent as {@value #HEADER}. The body is not covered: bodies are streamed
 * audio and their integrity is checked by content hash (song id, chunk hashes) instead. Checks are
 * constant-time; a timestamp outside the window or a nonce seen before is refused (replay).
 */
public final class RequestSignature {

    public static final String HEADER = "X-Dispotify-Signature";
    private static final Pattern FORMAT = Pattern.compile("v1 ts=(\\d{1,19}),nonce=([0-9a-f]{32}),sig=([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterSecret secret;
    private final Clock clock;
    private final Duration window;
    private final NonceCache nonces;

    public RequestSignature(ClusterSecret secret, Clock clock, Duration window) {
        this.secret = secret;
        this.clock = clock;
        this.window = window;
        this.nonces = new NonceCache(window.multipliedBy(2), clock);
    }

    /** The header value for a request about to be sent. */
    public String sign(String method, String pathAndQuery) {
        long timestamp = clock.millis();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String nonceHex = HexFormat.of().formatHex(nonce);
        return "v1 ts=" + timestamp + ",nonce=" + nonceHex + ",sig=" + mac(method, pathAndQuery, timestamp, nonceHex);
    }

    /** Why a request is refused, or empty when its signature is good (and its nonce is now spent). */
    public Optional<String> check(String method, String pathAndQuery, String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("missing " + HEADER);
        }
        Matcher matcher = FORMAT.matcher(header.strip());
        if (!matcher.matches()) {
            return Optional.of("malformed " + HEADER);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return Optional.of("malformed " + HEADER);
        }
        String nonce = matcher.group(2);
        byte[] expected = mac(method, pathAndQuery, timestamp, nonce).getBytes(StandardCharsets.US_ASCII);
        byte[] given = matcher.group(3).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of("bad signature");
        }
        if (Math.abs(clock.millis() - timestamp) > window.toMillis()) {
            return Optional.of("signature timestamp outside the " + window.toSeconds() + " s window");
        }
        if (!nonces.firstUse(nonce)) {
            return Optional.of("replayed signature");
        }
        return Optional.empty();
    }

    private String mac(String method, String pathAndQuery, long timestamp, String nonce) {
        try {
            Mac mac = Mac.getInstance(ClusterSecret.ALGORITHM);
            mac.init(secret.key());
            String canonical = method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
