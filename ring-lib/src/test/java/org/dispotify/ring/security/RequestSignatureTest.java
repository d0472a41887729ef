package org.dispotify.ring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("correct horse battery staple");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final RequestSignature signature = new RequestSignature(SECRET, clock, Duration.ofSeconds(60));

    @Test
    void aSignedRequestIsAcceptedOnce() {
        String header = signature.sign("PUT", "/api/records");

        assertThat(signature.check("PUT", "/api/records", header)).isEmpty();
        assertThat(signature.check("PUT", "/api/records", header)).contains("replayed signature");
    }

    @Test
    void theSignatureCoversMethodPathAndQuery() {
        String header = signature.sign("DELETE", "/api/records/data.dispotify/n1?x=1");

        assertThat(signature.check("DELETE", "/api/records/data.dispotify/n2?x=1", header)).contains("bad signature");
        assertThat(signature.check("DELETE", "/api/records/data.dispotify/n1?x=2", header)).contains("bad signature");
        assertThat(signature.check("PUT", "/api/records/data.dispotify/n1?x=1", header)).contains("bad signature");
        assertThat(signature.check("DELETE", "/api/records/data.dispotify/n1?x=1", header)).isEmpty();
    }

    @Test
    void anotherSecretDoesNotVerify() {
        RequestSignature other = new RequestSignature(ClusterSecret.of("another secret of enough length"), clock,
                Duration.ofSeconds(60));

        assertThat(signature.check("GET", "/ring", other.sign("GET", "/ring"))).contains("bad signature");
    }

    @Test
    void aSignatureOutsideTheWindowIsRefusedButClockSkewInsideItIsNot() {
        String header = signature.sign("GET", "/ring");
        clock.advance(Duration.ofSeconds(30));
        assertThat(signature.check("GET", "/ring", header)).isEmpty();

        String late = signature.sign("GET", "/ring");
        clock.advance(Duration.ofSeconds(61));
        assertThat(signature.check("GET", "/ring", late)).hasValueSatisfying(reason -> assertThat(reason).contains("window"));
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertThat(signature.check("GET", "/ring", null)).contains("missing X-Dispotify-Signature");
        assertThat(signature.check("GET", "/ring", "")).contains("missing X-Dispotify-Signature");
        assertThat(signature.check("GET", "/ring", "v1 ts=1,nonce=zz,sig=abc")).contains("malformed X-Dispotify-Signature");
        assertThat(signature.check("GET", "/ring", "v1 ts=99999999999999999999,nonce=00000000000000000000000000000000,sig="
                + "a".repeat(43))).contains("malformed X-Dispotify-Signature");
        assertThat(signature.check("GET", "/ring", "Bearer secret")).contains("malformed X-Dispotify-Signature");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> ClusterSecret.of("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterSecret.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SECRET.toString()).doesNotContain("horse");
    }

    @Test
    void spentNoncesAreForgottenAfterTheirRetention() {
        NonceCache cache = new NonceCache(Duration.ofSeconds(120), clock);
        assertThat(cache.firstUse("a")).isTrue();
        assertThat(cache.firstUse("a")).isFalse();
        clock.advance(Duration.ofSeconds(121));
        assertThat(cache.firstUse("b")).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
