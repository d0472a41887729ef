package org.dispotify.node.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.dispotify.ring.security.ClusterSecret;
import org.dispotify.ring.security.RequestSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** With an upload token, adding songs needs it (or a member's signature); playing does not. */
@SpringBootTest(classes = NodeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class UploadPermissionTest {

    private static final String TOKEN = "listener-upload-token-123";
    private static final String SECRET = "cluster-secret-for-this-test";

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> dir.toString());
        registry.add("dispotify.node.id", () -> "upload-test");
        registry.add("dispotify.node.port", () -> 8089);
        registry.add("dispotify.node.role", () -> "DATA");
        registry.add("dispotify.node.pinned", () -> "true");
        // Nothing listens there: registration fails quietly and the test needs no name service.
        registry.add("dispotify.naming.servers", () -> "127.0.0.1:9");
        registry.add("dispotify.upload.token", () -> TOKEN);
        registry.add("dispotify.cluster.secret", () -> SECRET);
    }

    @Autowired
    WebTestClient http;

    @Test
    void anUploadWithoutTheTokenIsRefusedAndStoresNothing() {
        upload(null).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"dispotify\"");
        upload("Bearer wrong-token").expectStatus().isUnauthorized();
        http.get().uri("/data/songs").exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void theTokenOrAMembersSignatureLetsTheUploadThrough() {
        // Noise is not audio: reaching the data role's checks (415) proves the permission let it pass.
        upload("Bearer " + TOKEN).expectStatus().isEqualTo(415);
        RequestSignature member = new RequestSignature(ClusterSecret.of(SECRET), Clock.systemUTC(), Duration.ofSeconds(60));
        http.post().uri("/data/songs")
                .header(RequestSignature.HEADER, member.sign("POST", "/data/songs"))
                .body(BodyInserters.fromMultipartData(noise()))
                .exchange().expectStatus().isEqualTo(415);
    }

    @Test
    void listenersNeedNoTokenToPlay() {
        http.get().uri("/data/songs").exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec upload(String authorization) {
        WebTestClient.RequestBodySpec request = http.post().uri("/data/songs");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.body(BodyInserters.fromMultipartData(noise())).exchange();
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> noise() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        form.part("file", new org.springframework.core.io.ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return "noise.mp3";
            }
        });
        return form.build();
    }
}
