package org.dispotify.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import org.dispotify.router.testing.FakeCluster;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.awaitility.Awaitility.await;

/**
 * One router on a random port against {@link FakeCluster}; every test class extends this so they
 * share a single Spring context. The catalog refreshes faster than the default so tests wait less.
 */
@SpringBootTest(classes = RouterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RouterTestSupport {

    protected static final FakeCluster cluster = FakeCluster.get();
    protected static final Path SPOOL_DIR = Path.of(System.getProperty("java.io.tmpdir"), "router-test-spool-" + ProcessHandle.current().pid());

    @LocalServerPort
    protected int port;

    /**
     * A new connection per request. Reactor Netty 1.3.6 (Boot 4.0.7) can stop reading a kept-alive
     * connection after a request that completes synchronously (reactor-netty#4361, fixed after
     * 1.3.6); with keep-alive, back-to-back requests here would now and then hang.
     */
    protected WebTestClient web;

    @DynamicPropertySource
    static void routerProperties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.naming.servers", cluster.names::address);
        registry.add("dispotify.naming.timeout", () -> "500ms");
        registry.add("dispotify.router.catalog.refresh-interval", () -> "250ms");
        // No slower pace at rest here (CatalogRefresherPaceTest tests it): these tests change the fake data nodes
        // and check what the router and the player show within a fixed time.
        registry.add("dispotify.router.catalog.idle-refresh-interval", () -> "250ms");
        registry.add("dispotify.router.catalog.drop-after", () -> "1s");
        registry.add("dispotify.router.catalog.page-size", () -> "50");
        registry.add("dispotify.router.catalog.full-listing-max-pages", () -> "2");
        registry.add("dispotify.router.catalog.full-listing-interval", () -> "3s");
        registry.add("dispotify.router.upload.max-file-size", () -> "60MB");
        registry.add("dispotify.router.upload.timeout", () -> "20s");
        registry.add("dispotify.router.upload.retry-for", () -> "3s");
        registry.add("dispotify.router.upload.spool-dir", SPOOL_DIR::toString);
        registry.add("dispotify.router.state.write-within", () -> "2s");
        registry.add("dispotify.router.state.call-timeout", () -> "1s");
    }

    private static volatile boolean warm;

    @BeforeEach
    void resetCluster() {
        web = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        cluster.reset();
        if (!warm) {
            // The first request of a cold JVM (JIT, connection pools, first catalog load) may take
            // seconds; the 2 s freshness checks below are about the catalog, not about that.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    web.get().uri("/api/songs").exchange().returnResult(String.class).getStatus().value() == 503);
            warm = true;
        }
    }

    /** Waits (at most 2 s, the freshness the design promises) until the catalog satisfies the check. */
    protected void awaitCatalog(String query, Consumer<WebTestClient.ResponseSpec> check) {
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                check.accept(web.get().uri("/api/songs" + query).exchange()));
    }
}
