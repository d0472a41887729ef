package org.dispotify.node.harness.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.dispotify.node.harness.workload.Operation.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listener's side of the router API, one bounded HTTP call per method, each classified as an
 * {@link Attempt}.
 */
final class RouterClient {

    static final String BYTES_DIFFER = "bytes differ";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final Duration uploadTimeout;
    private final Duration readTimeout;

    RouterClient(Duration connectTimeout, Duration uploadTimeout, Duration readTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.uploadTimeout = uploadTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * What one attempt came to; {@code detail} says why it was not OK.
     *
     * @param elsewhere  the router certainly did nothing and another router may well do it (refused
     *                   connection, a node that holds the other role): trying the next one costs no retry
     * @param retryAfter how long the router asked to wait before trying again (503 + Retry-After), or null
     */
    record Attempt(Outcome outcome, String detail, boolean elsewhere, Duration retryAfter) {

        static final Attempt OK = new Attempt(Outcome.OK, null, false, null);

        Attempt(Outcome outcome, String detail) {
            this(outcome, detail, false, null);
        }

        static Attempt elsewhere(String detail) {
            return new Attempt(Outcome.FAILED, detail, true, null);
        }
    }

    /** The longest Retry-After the workload honours; a longer one is waited for this long. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * {@code POST /api/songs}: OK when the answer is 200/201 naming the song's id; FAILED when the
     * request certainly did nothing (connection refused, connect timeout, 4xx, a 503 naming another
     * role); INDETERMINATE otherwise (timeout or reset after sending, other 5xx): the song may be stored.
     */
    Attempt upload(URI router, byte[] song, String id) {
        String boundary = "dispotify-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + id
                + ".wav\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(song);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(router.resolve("/api/songs")).timeout(uploadTimeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                String stored = json(response.body()).map(j -> j.path("id").asString()).orElse("");
                return stored.equals(id) ? Attempt.OK
                        : new Attempt(Outcome.INDETERMINATE, "acknowledged as id '" + stored + "'");
            }
            String problem = status + " " + abbreviate(response.body());
            if (status >= 400 && status < 500 && status != 408) {
                return new Attempt(Outcome.FAILED, problem);
            }
            // The role gate answers 503 before any controller: nothing was stored, and a router elsewhere will do.
            if (refusedByRole(response)) {
                return Attempt.elsewhere(problem);
            }
            return new Attempt(Outcome.INDETERMINATE, problem, false, retryAfter(response));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Attempt.elsewhere("no connection: " + e);
        } catch (IOException e) {
            return new Attempt(Outcome.INDETERMINATE, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.INDETERMINATE, "interrupted");
        }
    }

    /** {@code GET /api/songs?size=20}: OK on 200 with an {@code items} array. Reads never leave anything indeterminate. */
    Attempt catalog(URI router) {
        HttpRequest request = HttpRequest.newBuilder(router.resolve("/api/songs?size=20")).timeout(readTimeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return notOk(response, "");
            }
            return json(response.body()).filter(j -> j.path("items").isArray()).isPresent() ? Attempt.OK
                    : new Attempt(Outcome.FAILED, "no items in " + abbreviate(response.body()));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Attempt.elsewhere("no connection: " + e);
        } catch (IOException e) {
            return new Attempt(Outcome.FAILED, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.FAILED, "interrupted");
        }
    }

    /**
     * What the player does: {@code GET /api/songs/{id}/providers}, then the audio from each provider in
     * turn until one serves the whole file. OK only if those bytes equal {@code expected}; other bytes
     * fail at once (corruption is not masked by trying another provider).
     */
    Attempt stream(URI router, String id, byte[] expected) {
        return stream(router, id, Content.bytes(expected));
    }

    /** As {@link #stream(URI, String, byte[])}, with the bytes judged by {@code expected}. */
    Attempt stream(URI router, String id, Content expected) {
        HttpRequest request = HttpRequest.newBuilder(router.resolve("/api/songs/" + id + "/providers"))
                .timeout(readTimeout).GET().build();
        List<String> urls = new ArrayList<>();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return notOk(response, "providers: ");
            }
            json(response.body()).ifPresent(j -> j.path("providers").forEach(p -> urls.add(p.path("url").asString())));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Attempt.elsewhere("providers: no connection: " + e);
        } catch (IOException e) {
            return new Attempt(Outcome.FAILED, "providers: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.FAILED, "interrupted");
        }
        if (urls.isEmpty()) {
            return new Attempt(Outcome.FAILED, "no provider for " + id);
        }
        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            HttpRequest audio = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(audio, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    failures.add(response.statusCode() + " from " + url);
                    continue;
                }
                Optional<String> mismatch = expected.mismatch(response.body());
                if (mismatch.isEmpty()) {
                    return Attempt.OK;
                }
                return new Attempt(Outcome.FAILED, BYTES_DIFFER + ": " + mismatch.get() + " from " + url + ", "
                        + expected.uploaded());
            } catch (IOException e) {
                failures.add(e + " from " + url);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt(Outcome.FAILED, "interrupted");
            }
        }
        return new Attempt(Outcome.FAILED, "every provider failed: " + String.join("; ", failures));
    }

    /** Whether a data node serves the whole file ({@code GET /data/songs/{id}/audio}) as {@code expected}. */
    boolean audioIs(URI dataNode, String id, Content expected) {
        HttpRequest request = HttpRequest.newBuilder(dataNode.resolve("/data/songs/" + id + "/audio"))
                .timeout(readTimeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return response.statusCode() == 200 && expected.mismatch(body).isEmpty();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A GET answering JSON with status 200, or empty. */
    Optional<JsonNode> getJson(URI uri) {
        return getJson(uri, Optional.empty());
    }

    /** A GET with the cluster's {@code X-Dispotify-Signature} when given (the replication API needs it with a secret). */
    Optional<JsonNode> getJson(URI uri, Optional<String> signature) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(readTimeout).GET();
        signature.ifPresent(value -> builder.header(org.dispotify.ring.security.RequestSignature.HEADER, value));
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A read that was not answered 200: a wrong-role answer sends it elsewhere at no cost. */
    private static Attempt notOk(HttpResponse<String> response, String what) {
        String problem = what + response.statusCode() + " " + abbreviate(response.body());
        return refusedByRole(response) ? Attempt.elsewhere(problem)
                : new Attempt(Outcome.FAILED, problem, false, retryAfter(response));
    }

    /**
     * The node's role gate turned the request away before any controller saw it: the node holds the other
     * role ({@code wrong-role}), or it is leaving this one ({@code role-switch}). Nothing was done.
     */
    private static boolean refusedByRole(HttpResponse<String> response) {
        String body = response.body();
        return response.statusCode() == 503
                && (body.contains("/problems/wrong-role") || body.contains("/problems/role-switch"));
    }

    /** A 503's {@code Retry-After} in seconds (the only form the nodes send), capped; null without one. */
    private static Duration retryAfter(HttpResponse<?> response) {
        if (response.statusCode() != 503) {
            return null;
        }
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait)
                .orElse(null);
    }

    private static Optional<JsonNode> json(String body) {
        try {
            return Optional.of(JSON.readTree(body));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
