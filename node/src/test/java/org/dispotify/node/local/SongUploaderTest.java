package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./dispotify upload}: sends the file's SHA-256 and asks again, politely, when the cluster says "later". */
class SongUploaderTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private record Answer(int status, String retryAfter, String body) {
    }

    @BeforeEach
    void router() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/songs", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheFilesSha256AndWaitsAsLongAsTheRouterAsksBeforeTryingAgain() throws Exception {
        Path song = Files.write(dir.resolve("song.wav"), "RIFF not really a song".getBytes(StandardCharsets.UTF_8));
        answers.add(new Answer(503, "2", problem("Upload not stored yet")));
        answers.add(new Answer(400, null, "{\"type\":\"https://dispotify.org/problems/digest-mismatch\",\"status\":400}"));
        answers.add(new Answer(201, null, "{\"id\":\"" + sha256(song) + "\",\"title\":\"song\",\"artist\":\"x\"}"));

        int failed = uploader().uploadAll(List.of(song), Map.of("title", "Song"));

        assertThat(failed).isZero();
        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(field(body, "sha256")).isEqualTo(sha256(song)));
        assertThat(arrivals.get(1) - arrivals.get(0)).as("ms waited after Retry-After: 2").isGreaterThanOrEqualTo(2000);
        assertThat(printed.toString()).contains("trying again").contains("✓ song.wav");
    }

    @Test
    void aRefusalAboutTheFileIsNotRetried() throws Exception {
        Path song = Files.write(dir.resolve("notes.txt"), "not audio".getBytes(StandardCharsets.UTF_8));
        answers.add(new Answer(415, null, problem("The bytes are not MP3, FLAC, Ogg Vorbis or WAV.")));

        int failed = uploader().uploadAll(List.of(song), Map.of());

        assertThat(failed).isEqualTo(1);
        assertThat(bodies).hasSize(1);
        assertThat(printed.toString()).contains("✗ notes.txt: 415 The bytes are not MP3");
    }

    @Test
    void sendsAsManyFilesAtATimeAsAskedAndCountsEachOnesOutcome() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch threeArrived = new CountDownLatch(3);
        HttpServer held = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        held.setExecutor(handlers);
        held.createContext("/api/songs", exchange -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            threeArrived.countDown();
            try {
                // The first three meet here: only uploads sent together can get past it before the bound.
                threeArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean refused = body.contains("filename=\"notes.txt\"");
            String json = refused ? problem("The bytes are not audio.") : "{\"id\":\"" + field(body, "sha256") + "\"}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(refused ? 415 : 201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(Files.write(dir.resolve("song-" + i + ".wav"), ("RIFF song " + i).getBytes(StandardCharsets.UTF_8)));
        }
        files.add(Files.write(dir.resolve("notes.txt"), "not audio".getBytes(StandardCharsets.UTF_8)));
        held.start();
        URI target = URI.create("http://127.0.0.1:" + held.getAddress().getPort() + "/api/songs");

        int failed;
        try {
            failed = new SongUploader(() -> List.of(target), Optional.empty(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8), false).uploadAll(files, Map.of(), 3);
        } finally {
            held.stop(0);
            handlers.shutdownNow();
        }

        assertThat(failed).isEqualTo(1);
        assertThat(mostAtOnce.get()).as("uploads in flight at once").isEqualTo(3);
        for (int i = 0; i < 6; i++) {
            assertThat(printed.toString()).contains("✓ song-" + i + ".wav");
        }
        assertThat(printed.toString()).contains("✗ notes.txt: 415");
    }

    private SongUploader uploader() {
        URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/songs");
        return new SongUploader(() -> List.of(target), Optional.empty(), new PrintStream(printed, true, StandardCharsets.UTF_8), false);
    }

    private void answer(HttpExchange exchange) throws IOException {
        arrivals.add(System.nanoTime() / 1_000_000);
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
        Answer answer = answers.isEmpty() ? new Answer(500, null, problem("unexpected")) : answers.poll();
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.status() < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String problem(String detail) {
        return "{\"status\":0,\"detail\":\"" + detail + "\"}";
    }

    /** The value of a form field in a multipart body. */
    private static String field(String body, String name) {
        String marker = "name=\"" + name + "\"";
        int at = body.indexOf(marker);
        int start = body.indexOf("\r\n\r\n", at) + 4;
        return body.substring(start, body.indexOf("\r\n", start));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
