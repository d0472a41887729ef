package org.dispotify.node.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP GETs with short timeouts: a paused or dead process answers nothing, and no test may hang on it. */
public final class Http {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
    }

    /** The status code, or -1 if there was no answer within the timeout. */
    public int status(URI uri) {
        return get(uri).map(HttpResponse::statusCode).orElse(-1);
    }

    /** The body as JSON if the answer was 200 within the timeout. */
    public Optional<JsonNode> json(URI uri) {
        return get(uri).filter(r -> r.statusCode() == 200).map(r -> JSON.readTree(r.body()));
    }

    public <T> Optional<T> json(URI uri, Class<T> type) {
        return get(uri).filter(r -> r.statusCode() == 200).map(r -> JSON.readValue(r.body(), type));
    }

    private Optional<HttpResponse<String>> get(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
