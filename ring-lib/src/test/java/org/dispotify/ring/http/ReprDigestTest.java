package org.dispotify.ring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReprDigestTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void aHeaderNamesTheSha256ItWasMadeFrom() {
        String header = ReprDigest.header(EMPTY_SHA256);
        assertThat(header).isEqualTo("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
        assertThat(ReprDigest.sha256Of(header)).contains(EMPTY_SHA256);
    }

    @Test
    void otherAlgorithmsAndParametersAreSkipped() {
        assertThat(ReprDigest.sha256Of("sha-512=:AAAA:, sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:;x=1"))
                .contains(EMPTY_SHA256);
        assertThat(ReprDigest.sha256Of("sha-512=:AAAA:")).isEmpty();
        assertThat(ReprDigest.sha256Of(null)).isEmpty();
        assertThat(ReprDigest.sha256Of("  ")).isEmpty();
    }

    @Test
    void malformedHeadersAreRefused() {
        assertThatThrownBy(() -> ReprDigest.sha256Of("sha-256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReprDigest.sha256Of("sha-256=abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReprDigest.sha256Of("sha-256=:not base64!:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReprDigest.sha256Of("sha-256=:AAAA:")).hasMessageContaining("not 32");
    }

    @Test
    void formFieldsAreSixtyFourHexDigitsInAnyCase() {
        assertThat(ReprDigest.sha256Hex(" " + EMPTY_SHA256.toUpperCase() + "\n")).isEqualTo(EMPTY_SHA256);
        assertThatThrownBy(() -> ReprDigest.sha256Hex(EMPTY_SHA256.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReprDigest.sha256Hex("g" + EMPTY_SHA256.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReprDigest.sha256Hex(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
