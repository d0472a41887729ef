package org.dispotify.node.replication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.workload.Songs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the replication ITs ask data nodes over HTTP: uploads, held ids, audio bytes. Every call is bounded. */
final class DataNodeHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A distinct small WAV (8 kHz mono, 16-bit): {@code seconds} of a tone with seeded noise. */
    static byte[] wav(double seconds, long seed) {
        return Songs.wav(seconds, seed);
    }

    static String sha256(byte[] bytes) {
        return Songs.id(bytes);
    }

    /** {@code POST /data/songs}; the answer's status and JSON body, or empty if the node did not answer in time. */
    Optional<Answer> upload(Node node, byte[] file, String filename) {
        String boundary = "dispotify-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(node.uri("/data/songs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return send(request, HttpResponse.BodyHandlers.ofString())
                .map(r -> new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body())));
    }

    /** The ids the node holds ({@code GET /data/replication/ids}), or empty if it did not answer. */
    Optional<Set<String>> heldIds(Node node) {
        Set<String> ids = new HashSet<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            URI uri = node.uri("/data/replication/ids?limit=5000" + (after == null ? "" : "&after=" + after));
            Optional<HttpResponse<String>> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.isEmpty() || response.get().statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(response.get().body());
            body.path("ids").forEach(id -> ids.add(id.asString()));
            JsonNode next = body.path("next");
            if (next.isNull() || next.isMissingNode()) {
                return Optional.of(ids);
            }
            after = next.asString();
        }
        throw new IllegalStateException("more than 100 pages of ids");
    }

    /** The song's whole file from this node, or empty if it does not serve it now. */
    Optional<byte[]> audio(Node node, String id) {
        return send(HttpRequest.newBuilder(node.uri("/data/songs/" + id + "/audio")).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .filter(r -> r.statusCode() == 200)
                .map(HttpResponse::body);
    }

    /** A metric's value from {@code /actuator/prometheus} (the first sample of that name), or empty. */
    Optional<Double> metric(Node node, String name) {
        return send(HttpRequest.newBuilder(node.uri("/actuator/prometheus")).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString())
                .filter(r -> r.statusCode() == 200)
                .flatMap(r -> r.body().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                        .findFirst())
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    private <T> Optional<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return Optional.of(client.send(request, handler));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    record Answer(int status, JsonNode body) {

        boolean acknowledged() {
            return status == 200 || status == 201;
        }
    }
}
