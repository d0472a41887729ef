package org.dispotify.router.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;

import org.dispotify.router.RouterTestApplication;
import org.dispotify.router.testing.FakeCluster;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.dispotify.testsupport.fuzz.HostileForms;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.util.UriUtils;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile requests to a router: broken multipart uploads and junk search, paging, sort and id
 * parameters. Each is answered with a 4xx problem+json (or a normal answer, for a harmless
 * mutation), never a 5xx; a refused upload reaches no data node; the catalog is unchanged and the
 * router stays healthy.
 */
class RouterHostileInputTest {

    private static final FakeCluster cluster = FakeCluster.get();
    private static final byte[] AUDIO = Wav.tone(0.3, 8_000, 400, 420);
    private static final FakeSong HELD = FakeSong.of("Blue Monk", "Thelonious Monk", "Monk's Music", "Jazz");
    private static final Set<Integer> CODEC_LIMITS = Set.of(413, 414, 431);
    private static ConfigurableApplicationContext context;
    private static HttpClient http;
    private static String base;

    @BeforeContainer
    static void start() throws IOException {
        cluster.reset();
        cluster.a.hold(HELD);
        cluster.listData(cluster.a);
        context = new SpringApplicationBuilder(RouterTestApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "spring.webflux.problemdetails.enabled=true",
                        "dispotify.naming.servers=" + cluster.names.address(),
                        "dispotify.router.catalog.refresh-interval=250ms", "dispotify.router.catalog.idle-refresh-interval=250ms",
                        "dispotify.router.upload.max-file-size=4MB",
                        "dispotify.router.upload.timeout=10s",
                        "dispotify.router.upload.spool-dir=" + Files.createTempDirectory("router-fuzz-spool"))
                .run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/songs").body().contains("Blue Monk"));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
        cluster.reset();
    }

    @Property(tries = 30)
    void brokenUploadsAreRefusedCleanlyAndReachNoDataNode(@ForAll HostileForms.Mutation mutation, @ForAll long seed)
            throws Exception {
        HostileForms form = HostileForms.of(mutation, AUDIO, seed);
        String heldBefore = held();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/songs"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertClean(response, form.mutation() + " (" + form.contentType() + ")");
        if (response.statusCode() >= 400) {
            // Refused by the router, or forwarded and refused by the data node: stored nowhere.
            assertThat(held()).as("data node after %s", form.mutation()).isEqualTo(heldBefore);
        }
        assertThat(get("/api/songs").body()).contains("Blue Monk");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    /** Part headers Spring's multipart reader cannot parse: it throws while the body streams in. */
    @Property(tries = 2)
    void aPartWithMalformedHeadersIsABadRequest(@ForAll("malformedPartHeaders") HostileForms.Mutation mutation) throws Exception {
        HostileForms form = HostileForms.of(mutation, AUDIO, 0);
        int attempts = cluster.a.uploadAttempts.get();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/songs"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(cluster.a.uploadAttempts.get()).as("no data node asked").isEqualTo(attempts);
    }

    @Example
    void partsWithoutANameAreIgnored() throws Exception {
        HostileForms form = HostileForms.of(HostileForms.Mutation.NAMELESS_PART, AUDIO, 0);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/songs"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        assertThat(cluster.a.lastUploadFilename.get()).isEqualTo("fuzz.wav");
    }

    @Property(tries = 60)
    void junkParametersAreBadRequestsNeverServerErrors(@ForAll("paths") String path, @ForAll("junk") String value)
            throws Exception {
        String uri = path.replace("{id}", HELD.id()).replace("{junk}", URLEncoder.encode(value, StandardCharsets.UTF_8));

        assertClean(get(uri), path + " with " + value);
    }

    @Property(tries = 40)
    void junkSongIdsAreNotFoundOrBadRequests(@ForAll("junk") String id, @ForAll("idPaths") String path) throws Exception {
        HttpResponse<String> response = get(path.replace("{id}", UriUtils.encodePathSegment(id, StandardCharsets.UTF_8)));

        assertClean(response, path + " with id " + id);
        assertThat(response.statusCode()).as("id %s", id).isIn(400, 404);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/api/songs?q={junk}", "/api/songs?page={junk}", "/api/songs?size={junk}",
                "/api/songs?sort={junk}", "/api/songs?q=monk&page=0&size={junk}&sort=title",
                "/api/songs/{id}/stream?fromMs={junk}", "/api/songs/{junk}/providers");
    }

    @Provide
    Arbitrary<String> idPaths() {
        return Arbitraries.of("/api/songs/{id}", "/api/songs/{id}/providers", "/api/songs/{id}/stream");
    }

    @Provide
    Arbitrary<HostileForms.Mutation> malformedPartHeaders() {
        return Arbitraries.of(HostileForms.Mutation.BAD_PART_TYPE, HostileForms.Mutation.BAD_DISPOSITION);
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> fixed = Arbitraries.of("", " ", "-1", "-9223372036854775808", "9223372036854775807",
                "99999999999999999999999", "1e9", "NaN", "1.5", "2147483648", "%00", "null", "[]", "title,desc",
                "-title", "year;DROP", "' OR 1=1 --", "../../etc/passwd", "\u0000", "\uD83C\uDFB5", "ÆØÅ", "٣",
                "a".repeat(64), "A".repeat(64), "g".repeat(64), "q".repeat(1000), "0".repeat(3000));
        return Arbitraries.oneOf(fixed, Arbitraries.strings().ofMaxLength(80), Arbitraries.longs().map(n -> Long.toString(n)));
    }

    private static void assertClean(HttpResponse<String> response, String what) {
        String shown = abbreviate(what) + " answered " + response.statusCode() + ": " + abbreviate(response.body());
        assertThat(response.statusCode()).as(shown).isLessThan(500);
        if (CODEC_LIMITS.contains(response.statusCode()) && response.body().isEmpty()) {
            return; // refused by the HTTP decoder (request line or headers too long) before any handler ran
        }
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(shown)
                    .startsWith("application/problem+json");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text;
    }

    /** The data node's own list, read directly: what it stores now, without waiting for a catalog refresh. */
    private static String held() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(cluster.a.baseUrl() + "/data/songs?size=500")).GET()).body();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
