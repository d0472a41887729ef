package org.dispotify.datatest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class OpenApiTest extends DataApiTestBase {

    @Test
    void theDataApiIsDescribedInOpenApi() {
        // The first request builds the document: slow on a busy machine.
        client.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/data/songs'].post.summary").isEqualTo("Store a song")
                .jsonPath("$.paths['/data/songs'].get").exists()
                .jsonPath("$.paths['/data/songs/{id}/audio'].get.responses['206']").exists()
                .jsonPath("$.paths['/data/songs/{id}/chunk'].get.parameters[?(@.name == 'atMs')]").exists()
                .jsonPath("$.paths['/data/songs/{id}/complete'].get").exists();
    }
}
