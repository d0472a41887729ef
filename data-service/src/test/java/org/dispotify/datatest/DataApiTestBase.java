package org.dispotify.datatest;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One data node on a random port with its own state directory, shared by the API test classes. The
 * chunk cache is off so that the chunk-read counter sees every read.
 */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class DataApiTestBase {

    static final Path DIR = TestDirs.fresh("api");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", DIR::toString);
        registry.add("dispotify.data.chunk-cache-size", () -> "0");
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected MeterRegistry meters;

    @BeforeEach
    void roomForSongs() {
        // WebTestClient's 5 s default is a first upload's time on a loaded 2-core machine: bounded, but generously.
        client = client.mutate().responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
    }

    protected long songCount() {
        return client.get().uri("/data/songs?size=1").exchange().expectStatus().isOk()
                .expectBody(SongView.Page.class).returnResult().getResponseBody().total();
    }

    protected void assertHealthy() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    protected double chunkReads() {
        return meters.get("dispotify.data.chunk.reads").counter().count();
    }
}
