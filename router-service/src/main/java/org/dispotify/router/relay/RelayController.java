package org.dispotify.router.relay;

import org.dispotify.router.catalog.Catalog;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET|HEAD /api/songs/{id}/audio?node=}: a song's audio from one of its data nodes, through
 * this router, when {@code dispotify.router.relay-audio} is on. Only data nodes the catalog lists
 * as holding that song, and only their audio path: the router is a relay, not an open proxy.
 */
@RestController
@RequestMapping("/api/songs/{id}")
@Tag(name = "Audio relay", description = "Opt-in (dispotify.router.relay-audio): audio through the router, "
        + "for listeners that cannot reach the data nodes")
@CrossOrigin(methods = {RequestMethod.GET, RequestMethod.HEAD}, exposedHeaders = {
        "Content-Range", "Accept-Ranges", "ETag", "X-Chunk-Index", "X-Chunk-Start-Ms", "X-Byte-Offset"})
class RelayController {

    private final Catalog catalog;
    private final AudioRelay relay;
    private final boolean enabled;

    RelayController(Catalog catalog, AudioRelay relay, RelayProperties properties) {
        this.catalog = catalog;
        this.relay = relay;
        this.enabled = properties.relayAudio();
    }

    @RequestMapping(path = "/audio", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "The song's file, relayed from one data node",
            description = "Only with `dispotify.router.relay-audio=true`: then `/providers` hands out these URLs "
                    + "instead of the data nodes' own (a departure from the design's direct streaming, for "
                    + "deployments where listeners reach a router but no data node, as Docker Compose's). "
                    + "The data node's `GET|HEAD /data/songs/{id}/audio` answer passes back as it streams: "
                    + "`Range`, `If-None-Match`, `If-Range` and `fromMs` go to the node; its status (200, 206, "
                    + "304, 404, 416), `Content-Type`, `Content-Length`, `Content-Range`, `Accept-Ranges` and "
                    + "`ETag` come back. No retry once bytes flowed: on a break, ask `/providers` again.")
    @ApiResponse(responseCode = "200", description = "The whole file, or from `fromMs` on")
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @ApiResponse(responseCode = "404", description = "Relay off, unknown song, or `node` is not a live holder of it")
    @ApiResponse(responseCode = "416", description = "Range outside the file")
    @ApiResponse(responseCode = "502", description = "The data node refused, broke or answered 5xx before any audio")
    @ApiResponse(responseCode = "503", description = "This router relays as many streams as it may")
    @ApiResponse(responseCode = "504", description = "The data node sent no answer within the first-byte timeout")
    Mono<ResponseEntity<Flux<DataBuffer>>> audio(
            @PathVariable String id,
            @Parameter(description = "Node id of the data node to play from, as `/providers` gave it")
            @RequestParam String node,
            @Parameter(description = "Milliseconds into the song") @RequestParam(required = false) Long fromMs,
            ServerHttpRequest request, ServerHttpResponse response) {
        if (!enabled) {
            return Mono.error(RelayProblems.relayOff());
        }
        if (fromMs != null && fromMs < 0) {
            return Mono.error(RelayProblems.badRequest("fromMs must be 0 or more."));
        }
        HttpMethod method = HttpMethod.HEAD.equals(request.getMethod()) ? HttpMethod.HEAD : HttpMethod.GET;
        return catalog.holders(id)
                .flatMap(holders -> Mono.justOrEmpty(holders.stream().filter(h -> h.nodeId().equals(node)).findFirst()))
                .switchIfEmpty(Mono.error(() -> RelayProblems.notAHolder(id, node)))
                .flatMap(holder -> relay.relay(holder, id, method, fromMs, request.getHeaders(), response));
    }
}
