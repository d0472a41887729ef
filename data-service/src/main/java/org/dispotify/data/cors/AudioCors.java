package org.dispotify.data.cors;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.dispotify.data.stream.AudioResponder;
import org.dispotify.ring.http.ProblemResponses;
import org.dispotify.ring.http.ReprDigest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Cross-origin access to a data node: a player served by a router (another origin) may read audio,
 * GET or HEAD of a song's file and chunks, and nothing else. Uploads, replication, the song list
 * and metadata refuse cross-origin requests, preflight or not, with 403: a page on any origin must
 * not be able to drive a data node from a listener's browser. Same-origin and non-browser requests
 * (no {@code Origin}, or the node's own) are not CORS and pass untouched.
 */
@Component
class AudioCors implements WebFilter, Ordered {

    /** {@code /data/songs/{id}/audio}, {@code /data/songs/{id}/chunks/{index}}, {@code /data/songs/{id}/chunk}. */
    private static final Pattern AUDIO = Pattern.compile("/data/songs/[^/]+/(audio|chunk|chunks/[^/]+)");
    private static final List<String> READS = List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name());

    private final CorsConfiguration audio = audioConfiguration();
    private final CorsProcessor processor = new DefaultCorsProcessor();

    @Override
    public int getOrder() {
        // Before the handler mappings' own CORS handling, after cluster authentication.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (!path.startsWith("/data/") || !CorsUtils.isCorsRequest(request)) {
            return chain.filter(exchange);
        }
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        if (AUDIO.matcher(path).matches() && READS.contains(requestedMethod(request, preflight))) {
            if (!processor.process(audio, exchange) || preflight) {
                return Mono.empty();
            }
            return chain.filter(exchange);
        }
        return ProblemResponses.write(exchange, ProblemResponses.problem(HttpStatus.FORBIDDEN, "cross-origin",
                "Cross-origin request refused", "Other origins may only GET or HEAD a song's audio and chunks on a data node."));
    }

    private static String requestedMethod(ServerHttpRequest request, boolean preflight) {
        if (preflight) {
            String asked = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            return asked == null ? "" : asked.strip();
        }
        return request.getMethod().name();
    }

    private static CorsConfiguration audioConfiguration() {
        CorsConfiguration config = new CorsConfiguration();
        config.addAllowedOrigin(CorsConfiguration.ALL);
        config.setAllowedMethods(READS);
        config.setAllowedHeaders(List.of(HttpHeaders.RANGE, HttpHeaders.IF_RANGE, HttpHeaders.IF_NONE_MATCH));
        config.setExposedHeaders(List.of(AudioResponder.CHUNK_INDEX, AudioResponder.CHUNK_START_MS,
                AudioResponder.CHUNK_DURATION_MS, AudioResponder.BYTE_OFFSET, HttpHeaders.CONTENT_RANGE,
                HttpHeaders.ACCEPT_RANGES, HttpHeaders.ETAG, HttpHeaders.CONTENT_LENGTH, ReprDigest.HEADER));
        config.setAllowCredentials(false);
        config.setMaxAge(Duration.ofHours(1));
        return config;
    }
}
