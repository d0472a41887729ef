package org.dispotify.datatest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.datatest.DataTestApplication;
import org.dispotify.datatest.TestAudio;
import org.dispotify.datatest.TestDirs;
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
 * Hostile requests to a data node: broken multipart uploads, junk query parameters, ids and Range headers.
 * Every one is answered with a 4xx problem+json (or, for a harmless mutation, a normal answer), never
 * a 5xx; a refused upload stores nothing; the node stays healthy.
 */
class DataHostileInputTest {

    private static final byte[] AUDIO = TestAudio.wav(8_000, 1, 0.4, 77);
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final java.util.Set<Integer> CODEC_LIMITS = java.util.Set.of(413, 414, 431);
    private static ConfigurableApplicationContext context;
    private static HttpClient http;
    private static String base;
    private static String storedId;

    @BeforeContainer
    static void start() throws Exception {
        context = new SpringApplicationBuilder(DataTestApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "dispotify.dir=" + TestDirs.fresh("fuzz"), "dispotify.data.max-upload-size=4MB",
                        // As a node runs (ServerDefaults): problem+json also for Spring's own errors.
                        "spring.webflux.problemdetails.enabled=true")
                .run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] seed = TestAudio.wav(8_000, 1, 0.5, 78);
        HttpResponse<String> stored = post(HostileForms.BOUNDARY, validForm(seed));
        assertThat(stored.statusCode()).isEqualTo(201);
        storedId = org.dispotify.datatest.Uploads.sha256(seed);
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 40)
    void brokenUploadsAreRefusedCleanlyAndStoreNothing(@ForAll HostileForms.Mutation mutation, @ForAll long seed)
            throws Exception {
        HostileForms form = HostileForms.of(mutation, AUDIO, seed);
        long before = songCount();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/data/songs"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertClean(response, form.mutation() + " (" + form.contentType() + ")");
        if (response.statusCode() >= 400) {
            assertThat(songCount()).as("nothing stored after %s", form.mutation()).isEqualTo(before);
        }
        assertHealthy();
    }

    /** Part headers Spring's multipart reader cannot parse: it throws while the body streams in. */
    @Property(tries = 2)
    void aPartWithMalformedHeadersIsABadRequest(@ForAll("malformedPartHeaders") HostileForms.Mutation mutation) throws Exception {
        HostileForms form = HostileForms.of(mutation, AUDIO, 0);
        long before = songCount();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/data/songs"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(songCount()).isEqualTo(before);
        assertHealthy();
    }

    @Example
    void partsWithoutANameAreIgnored() throws Exception {
        byte[] audio = TestAudio.wav(8_000, 1, 0.3, 79);
        HostileForms form = HostileForms.of(HostileForms.Mutation.NAMELESS_PART, audio, 0);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/data/songs"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains(org.dispotify.datatest.Uploads.sha256(audio));
    }

    @Property(tries = 80)
    void junkQueryParametersAreBadRequestsNeverServerErrors(@ForAll("paths") String path, @ForAll("junk") String value)
            throws Exception {
        String uri = base + path.replace("{id}", storedId).replace("{junk}", URLEncoder.encode(value, StandardCharsets.UTF_8));

        assertClean(send(HttpRequest.newBuilder(URI.create(uri)).GET()), path + " with " + value);
    }

    @Property(tries = 50)
    void junkSongIdsAreRefusedBeforeAnyLookup(@ForAll("junk") String id, @ForAll("idPaths") String path) throws Exception {
        String uri = base + path.replace("{id}", UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(uri)).GET());

        assertClean(response, path + " with id " + id);
        if (path.endsWith("/complete") && id.matches("[0-9a-f]{64}")) {
            // A well-formed id nobody stored (the junk includes some): "can you provide it?" - no.
            assertThat(response.statusCode()).as("id %s", id).isEqualTo(200);
            assertThat(response.body()).contains("\"complete\":false");
        } else {
            assertThat(response.statusCode()).as("id %s", id).isIn(400, 404);
        }
    }

    @Property(tries = 60)
    void junkRangeHeadersGetTheWholeFileARangeOr416(@ForAll("ranges") String range) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/data/songs/" + storedId + "/audio"))
                .header("Range", range).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as("Range: %s", range).isIn(200, 206, 416);
        if (response.statusCode() == 206) {
            Matcher span = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)").matcher(
                    response.headers().firstValue("Content-Range").orElse(""));
            assertThat(span.matches()).as("Range: %s", range).isTrue();
            long first = Long.parseLong(span.group(1));
            long last = Long.parseLong(span.group(2));
            assertThat(last).isGreaterThanOrEqualTo(first).isLessThan(Long.parseLong(span.group(3)));
            assertThat((long) response.body().length).isEqualTo(last - first + 1);
        }
    }

    @Provide
    Arbitrary<String> ranges() {
        Arbitrary<String> fixed = Arbitraries.of("bytes=", "bytes=-", "bytes=--1", "bytes=5-1", "bytes=0-0,1-1,2-2",
                "bytes=0-" + Long.MAX_VALUE, "bytes=" + Long.MAX_VALUE + "-", "bytes=-" + Long.MAX_VALUE,
                "bytes=99999999999999999999-", "items=0-10", "bytes=0x10-0x20", "bytes=\u00bd-\u00be", "bytes=1e3-2e3",
                "bytes = 0 - 10", "bytes=0-10;", "bytes=-0", "bytes=0-" + "9".repeat(400), "bytes=" + "0-1,".repeat(300));
        Arbitrary<String> numeric = Arbitraries.longs().between(-5, 20_000).tuple2()
                .map(t -> "bytes=" + t.get1() + "-" + t.get2());
        Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(r -> "bytes=" + r);
        return Arbitraries.oneOf(fixed, numeric, random);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/data/songs?page={junk}", "/data/songs?size={junk}", "/data/songs?page=0&size={junk}",
                "/data/songs/{id}/audio?fromMs={junk}", "/data/songs/{id}/chunk?atMs={junk}",
                "/data/songs/{id}/chunks/{junk}", "/data/replication/ids?page={junk}");
    }

    @Provide
    Arbitrary<String> idPaths() {
        return Arbitraries.of("/data/songs/{id}", "/data/songs/{id}/audio", "/data/songs/{id}/chunks/0",
                "/data/songs/{id}/chunk?atMs=0", "/data/songs/{id}/complete");
    }

    @Provide
    Arbitrary<HostileForms.Mutation> malformedPartHeaders() {
        return Arbitraries.of(HostileForms.Mutation.BAD_PART_TYPE, HostileForms.Mutation.BAD_DISPOSITION);
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> fixed = Arbitraries.of("", " ", "-1", "-0", "-9223372036854775808", "9223372036854775807",
                "99999999999999999999999", "1e9", "0x10", "NaN", "Infinity", "1.5", "2147483648", "%00", "null", "[]",
                "' OR 1=1 --", "\"; DROP TABLE songs; --", "../../etc/passwd", "\u0000", "\uD83C\uDFB5", "ÆØÅ", "٣",
                "a".repeat(64), "A".repeat(64), "0".repeat(63), "0".repeat(65), "g".repeat(64), "0".repeat(4000));
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(80);
        Arbitrary<String> numbers = Arbitraries.longs().map(n -> Long.toString(n));
        return Arbitraries.oneOf(fixed, random, numbers);
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

    private static long songCount() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/data/songs?size=1")).GET());
        Matcher total = TOTAL.matcher(page.body());
        assertThat(total.find()).as(page.body()).isTrue();
        return Long.parseLong(total.group(1));
    }

    private static void assertHealthy() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    private static HttpResponse<String> post(String boundary, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/data/songs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] validForm(byte[] audio) {
        String head = "--" + HostileForms.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.wav\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + HostileForms.BOUNDARY + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + audio.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(audio, 0, all, h.length, audio.length);
        System.arraycopy(t, 0, all, h.length + audio.length, t.length);
        return all;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
