package org.dispotify.ring.security;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Cluster-only requests need a valid signature; everything else passes untouched. */
class ClusterAuthenticationFilterTest {

    private final RequestSignature signature = new RequestSignature(ClusterSecret.of("0123456789abcdef0123"),
            Clock.systemUTC(), Duration.ofSeconds(60));

    private final WebTestClient http = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .PUT("/api/records", request -> ServerResponse.ok().bodyValue("stored"))
                    .GET("/api/resolve/x", request -> ServerResponse.ok().bodyValue("[]"))
                    .build())
            .webFilter(new ClusterAuthenticationFilter(signature, request -> request.getMethod() == HttpMethod.PUT))
            .build();

    @Test
    void anUnsignedWriteIsRefusedWithProblemJson() {
        http.put().uri("/api/records").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("missing X-Dispotify-Signature"));
    }

    @Test
    void aSignedWritePassesAndItsReplayIsRefused() {
        String header = signature.sign("PUT", "/api/records");

        http.put().uri("/api/records").header(RequestSignature.HEADER, header).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("stored");
        http.put().uri("/api/records").header(RequestSignature.HEADER, header).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void listenerRequestsNeedNoSignature() {
        http.get().uri("/api/resolve/x").exchange().expectStatus().isOk();
    }

    @Test
    void theSigningFilterSignsOutboundRequests() {
        WebTestClient signed = http.mutate().filter(new SigningFilter(signature)).build();

        signed.put().uri("/api/records").exchange().expectStatus().isOk();
        signed.put().uri("/api/records").exchange().expectStatus().isOk();
    }
}
