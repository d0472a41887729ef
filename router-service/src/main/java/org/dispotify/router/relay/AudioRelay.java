package org.dispotify.router.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.dispotify.ring.http.ReprDigest;
import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterProperties;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.FixedRecvByteBufAllocator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Relays one data node's {@code GET|HEAD /data/songs/{id}/audio} to a listener: the listener's
 * Range and validators go to the node, the node's status, audio headers and body come back, the
 * body as it arrives, never held whole.
 * <p>
 * Memory: the body is read only as fast as the listener takes it (the response writer's demand
 * reaches the data node's socket), so a stream holds at most the writer's 256-buffer window.
 * Reads go into fixed 8 KiB buffers, which caps that window at 2 MiB per stream even while a
 * paused listener reads nothing; {@code relay-max-streams} caps the streams.
 * <p>
 * Failures: the node gets {@code first-byte-timeout} for its headers and again for its first
 * buffer of audio (504 after that; 502 if it refuses, breaks the connection or answers 5xx).
 * Once audio flows there is no time limit and no retry: a break cuts the listener's response,
 * and the player moves to its next provider, a choice this router cannot make for it.
 */
@Component
class AudioRelay {

    private static final Log log = LogFactory.getLog(AudioRelay.class);

    /** What a data node's answer depends on, besides the path and {@code fromMs}. */
    private static final List<String> REQUEST_HEADERS = List.of(
            HttpHeaders.RANGE, HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_RANGE);
    /** What a player needs of the answer; hop-by-hop and server-specific headers stay behind. */
    static final List<String> RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES,
            HttpHeaders.ETAG, HttpHeaders.CACHE_CONTROL, "X-Chunk-Index", "X-Chunk-Start-Ms", "X-Byte-Offset",
            ReprDigest.HEADER);
    private static final int READ_BUFFER_BYTES = 8 * 1024;
    private static final int SOCKET_RECEIVE_BYTES = 256 * 1024;

    private final WebClient http;
    private final Duration firstByteTimeout;
    private final int maxStreams;
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();

    AudioRelay(WebClient.Builder builder, RouterProperties router, RelayProperties relay) {
        // A connection per relayed request, no pool: a pool caps concurrent streams per data node
        // (16 by default) and makes the 17th listener wait; a TCP connect inside the cluster costs
        // well under a millisecond, a song lasts minutes.
        HttpClient netty = HttpClient.create(ConnectionProvider.newConnection())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) router.connectTimeout().toMillis())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BUFFER_BYTES))
                // A fixed kernel receive window (no autotuning, which may grow to tens of MiB): what a
                // paused listener leaves waiting on this side stays small, and 256 KiB still fills a LAN.
                .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BYTES);
        this.http = builder.clone().clientConnector(new ReactorClientHttpConnector(netty)).build();
        this.firstByteTimeout = relay.relayFirstByteTimeout();
        this.maxStreams = relay.relayMaxStreams();
    }

    /** Relayed responses being streamed now. */
    int streaming() {
        return streaming.get();
    }

    /** Audio bytes received from data nodes and handed to listeners' responses so far. */
    long receivedBytes() {
        return received.get();
    }

    /**
     * The node's answer to the listener's request, once its headers arrived; fails with a 502/504
     * problem if they do not. 4xx answers (404, 416, a bad {@code fromMs}) pass back as they are.
     */
    Mono<ResponseEntity<Flux<DataBuffer>>> relay(Member node, String songId, HttpMethod method, Long fromMs,
                                                 HttpHeaders listener, ServerHttpResponse response) {
        if (streaming.get() >= maxStreams) {
            return Mono.error(RelayProblems.busy(maxStreams));
        }
        // A URI template, so the client's request metrics group by path rather than by song.
        WebClient.RequestHeadersSpec<?> request = fromMs == null
                ? http.method(method).uri(node.baseUrl() + "/data/songs/{id}/audio", songId)
                : http.method(method).uri(node.baseUrl() + "/data/songs/{id}/audio?fromMs={fromMs}", songId, fromMs);
        return request
                .headers(headers -> REQUEST_HEADERS.forEach(name -> {
                    List<String> values = listener.get(name);
                    if (values != null) {
                        headers.addAll(name, values);
                    }
                }))
                .retrieve()
                .onStatus(HttpStatusCode::is4xxClientError, refused -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .timeout(firstByteTimeout)
                .onErrorMap(e -> !(e instanceof ErrorResponseException), e -> failure(node, e))
                .flatMap(answer -> {
                    ResponseEntity.BodyBuilder relayed = ResponseEntity.status(answer.getStatusCode())
                            .headers(passedBack(answer.getHeaders()));
                    if (bodiless(method, answer.getStatusCode())) {
                        // Drained here, while the node's response is current: the writer does not
                        // read the body of a HEAD or 304 answer, and reading it later fails.
                        return drained(answer.getBody()).thenReturn(relayed.body(Flux.<DataBuffer>empty()));
                    }
                    return Mono.just(relayed.body(body(node, songId, answer.getBody(), response)));
                });
    }

    private static boolean bodiless(HttpMethod method, HttpStatusCode status) {
        return HttpMethod.HEAD.equals(method) || status.value() == 304 || status.value() == 204;
    }

    private static Mono<Void> drained(Flux<DataBuffer> body) {
        return body == null ? Mono.empty() : body.doOnNext(DataBufferUtils::release).then();
    }

    /**
     * The node's body as the listener's: counted while it streams; the first-byte timeout covers
     * its first buffer too (headers alone are not audio), and a failure before that buffer is still
     * a 502/504 problem, as nothing was committed. After it, a break closes the listener's connection.
     */
    private Flux<DataBuffer> body(Member node, String songId, Flux<DataBuffer> body, ServerHttpResponse response) {
        Flux<DataBuffer> source = body == null ? Flux.empty() : body;
        AtomicBoolean flowed = new AtomicBoolean();
        AtomicLong bytes = new AtomicLong();
        return source
                .timeout(Mono.delay(firstByteTimeout), first -> Mono.never())
                .doOnNext(buffer -> {
                    flowed.set(true);
                    bytes.addAndGet(buffer.readableByteCount());
                    received.addAndGet(buffer.readableByteCount());
                })
                .onErrorMap(e -> !flowed.get() && !(e instanceof ErrorResponseException), e -> failure(node, e))
                .onErrorResume(e -> flowed.get(), e -> {
                    log.info("relay of song " + songId + " from data node " + node.nodeId() + " broke after "
                            + bytes.get() + " bytes (" + e.getMessage() + "); closing the listener's connection");
                    return ListenerConnections.close(response).then(Mono.<DataBuffer>empty())
                            .onErrorResume(notNetty -> Mono.error(e));
                })
                .doOnSubscribe(s -> streaming.incrementAndGet())
                .doFinally(signal -> streaming.decrementAndGet())
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    private static HttpHeaders passedBack(HttpHeaders upstream) {
        HttpHeaders kept = new HttpHeaders();
        for (String name : RESPONSE_HEADERS) {
            List<String> values = upstream.get(name);
            if (values != null) {
                kept.addAll(name, values);
            }
        }
        return kept;
    }

    /** Says what went wrong without the node's internal address: a listener may be outside the cluster. */
    private ErrorResponseException failure(Member node, Throwable e) {
        log.debug("relay from " + node.nodeId() + " at " + node.baseUrl() + " failed before the first byte", e);
        if (e instanceof TimeoutException) {
            return RelayProblems.timedOut(node.nodeId(), "sent no audio within " + firstByteTimeout.toMillis() + " ms");
        }
        if (e instanceof WebClientRequestException && e.getCause() instanceof ConnectTimeoutException) {
            return RelayProblems.timedOut(node.nodeId(), "did not accept a connection in time");
        }
        if (e instanceof WebClientResponseException answer) {
            return RelayProblems.failed(node.nodeId(), "it answered " + answer.getStatusCode().value());
        }
        return RelayProblems.failed(node.nodeId(), "the connection was refused or broke");
    }
}
