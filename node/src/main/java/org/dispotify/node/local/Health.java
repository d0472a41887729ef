package org.dispotify.node.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks a local Dispotify process for its health and role over HTTP. */
public final class Health {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** True when {@code /actuator/health} answers 200 with status UP. */
    public boolean healthy(String host, int port) {
        return get(host, port, "/actuator/health")
                .map(body -> "UP".equals(body.path("status").asString()))
                .orElse(false);
    }

    /** The node's current role from {@code /actuator/info}, if it answers. */
    public Optional<String> role(String host, int port) {
        return get(host, port, "/actuator/info")
                .map(body -> body.path("node").path("role").asString())
                .filter(role -> !role.isEmpty());
    }

    /** The node's view of the ring ({@code /ring/view}), if it answers. */
    public Optional<JsonNode> ringView(String host, int port) {
        return get(host, port, "/ring/view");
    }

    private Optional<JsonNode> get(String host, int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(TIMEOUT).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
