package org.dispotify.router.nodes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dispotify.ring.http.ReprDigest;
import org.dispotify.ring.naming.Member;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.security.SigningFilter;
import org.dispotify.router.RouterProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router's client of the data role's HTTP API: one method per remote call, each bounded by a
 * timeout. Callers decide what a failure means (skip the node, try another one).
 */
@Component
public class DataNodeClient {

    private static final ParameterizedTypeReference<LinkedHashMap<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() { };
    /** A list page of 500 songs is ~250 kB; leave room for larger pages and long tags. */
    private static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    private static final JsonMapper PROBLEMS = JsonMapper.builder().build();

    private final WebClient http;

    DataNodeClient(WebClient.Builder builder, RouterProperties properties, ObjectProvider<RequestSignature> signature) {
        // Unpooled: Spring's multipart writer releases some of the buffers it encodes more than once when a
        // data node answers before the body is sent; from a pool, the extra release could free a buffer
        // already handed to another request, while an unpooled buffer is simply gone (issue 14).
        HttpClient netty = HttpClient.create()
                .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
        WebClient.Builder own = builder.clone()
                .clientConnector(new ReactorClientHttpConnector(netty))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_JSON_BYTES));
        // Signed as a cluster member: a data node takes uploads from its routers without the listener's token.
        signature.ifAvailable(s -> own.filter(new SigningFilter(s)));
        this.http = own.build();
    }

    /** {@code GET /data/songs?page&size}. */
    /**
     * {@code GET /data/songs?page&size}, conditional on {@code ifNoneMatch} (the catalog tag of an
     * earlier answer; null for an unconditional read): a node whose catalog is unchanged answers 304
     * and no rows are read or sent.
     */
    public Mono<ListedPage> listPage(Member node, int page, int size, String ifNoneMatch, Duration timeout) {
        return http.get()
                .uri(node.baseUrl() + "/data/songs?page={page}&size={size}", page, size)
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (ifNoneMatch != null) {
                        headers.setIfNoneMatch(ifNoneMatch);
                    }
                })
                .exchangeToMono(response -> {
                    String etag = response.headers().asHttpHeaders().getETag();
                    if (response.statusCode().value() == HttpStatus.NOT_MODIFIED.value() && ifNoneMatch != null) {
                        return response.releaseBody().thenReturn(ListedPage.unchanged(etag));
                    }
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(DataSongPage.class).map(listed -> new ListedPage(listed, etag));
                    }
                    return response.createError();
                })
                .timeout(timeout);
    }

    /**
     * {@code GET /data/songs/{id}/cover}: the cover's bytes and type; empty on 404 (no such song or no
     * cover there); {@link DataNodeUnavailableException} on anything else.
     */
    public Mono<FetchedCover> cover(Member node, String songId, Duration timeout) {
        return http.get()
                .uri(node.baseUrl() + "/data/songs/{id}/cover", songId)
                .accept(MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG, MediaType.APPLICATION_PROBLEM_JSON)
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        String type = response.headers().contentType().map(MediaType::toString)
                                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
                        return response.bodyToMono(byte[].class).map(bytes -> new FetchedCover(bytes, type));
                    }
                    if (response.statusCode().value() == 404) {
                        return response.releaseBody().then(Mono.empty());
                    }
                    return response.releaseBody().then(Mono.error(
                            new DataNodeUnavailableException(node, "answered " + response.statusCode().value(), null)));
                })
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof DataNodeUnavailableException),
                        e -> new DataNodeUnavailableException(node, describe(e), e));
    }

    /** A cover as a data node sent it. */
    public record FetchedCover(byte[] bytes, String mimeType) {
    }

    /**
     * {@code POST /data/songs} with a multipart body whose file part streams from disk. A 2xx
     * answer is an {@link UploadAnswer.Stored}; a 4xx one an {@link UploadAnswer.Rejected}, to be
     * passed to the listener as it is; anything else (5xx, connection failure, timeout) fails with
     * {@link DataNodeUnavailableException}, which means "try another node".
     */
    public Mono<UploadAnswer> upload(Member node, MultiValueMap<String, ?> form, Duration timeout) {
        return http.post()
                .uri(node.baseUrl() + "/data/songs")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .body(BodyInserters.fromMultipartData(castForm(form)))
                .exchangeToMono(response -> answer(node, response))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof DataNodeUnavailableException),
                        e -> new DataNodeUnavailableException(node, describe(e), e));
    }

    private static Mono<UploadAnswer> answer(Member node, ClientResponse response) {
        var status = response.statusCode();
        if (status.is2xxSuccessful()) {
            return response.bodyToMono(JSON_OBJECT)
                    .map(body -> (UploadAnswer) new UploadAnswer.Stored(node, status, body));
        }
        if (status.is4xxClientError() && !isTransient(status.value())) {
            MediaType type = response.headers().contentType().orElse(MediaType.APPLICATION_PROBLEM_JSON);
            return response.bodyToMono(byte[].class)
                    .defaultIfEmpty(new byte[0])
                    .flatMap(body -> damagedOnTheWay(body)
                            // The router checked its copy against the sender's: the damage happened between
                            // here and the node, so another try (there or elsewhere) can succeed.
                            ? Mono.error(new DataNodeUnavailableException(node, "received the file damaged", null))
                            : Mono.just((UploadAnswer) new UploadAnswer.Rejected(node, status, type, body)));
        }
        Duration retryAfter = retryAfter(response.headers().header(HttpHeaders.RETRY_AFTER));
        return response.releaseBody().then(Mono.error(
                new DataNodeUnavailableException(node, "answered " + status.value(), retryAfter, null)));
    }

    private static boolean damagedOnTheWay(byte[] problem) {
        try {
            JsonNode type = PROBLEMS.readTree(problem).get("type");
            return type != null && ReprDigest.MISMATCH_PROBLEM.toString().equals(type.asString());
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** {@code Retry-After} in seconds (the data role never sends a date), or null. */
    private static Duration retryAfter(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(values.get(0).strip())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    /** Timeouts and rate limits are the node's state, not the upload's fault: another node may take it. */
    private static boolean isTransient(int status) {
        return status == HttpStatus.REQUEST_TIMEOUT.value() || status == HttpStatus.TOO_MANY_REQUESTS.value();
    }

    @SuppressWarnings("unchecked")
    private static MultiValueMap<String, Object> castForm(MultiValueMap<String, ?> form) {
        return (MultiValueMap<String, Object>) form;
    }

    private static String describe(Throwable e) {
        return e instanceof java.util.concurrent.TimeoutException ? "timed out" : String.valueOf(e.getMessage());
    }

    /** What a data node answered to an upload. */
    public sealed interface UploadAnswer {

        Member node();

        /** 2xx: the song JSON (kept as a map so fields we do not know pass through). */
        record Stored(Member node, org.springframework.http.HttpStatusCode status, Map<String, Object> body)
                implements UploadAnswer {
        }

        /** 4xx: the node refused the file itself; every node would, so it goes back to the listener. */
        record Rejected(Member node, org.springframework.http.HttpStatusCode status, MediaType contentType, byte[] body)
                implements UploadAnswer {
        }
    }
}
