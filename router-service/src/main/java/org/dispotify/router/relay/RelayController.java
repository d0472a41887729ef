package org.dispotify.router.relay;

import org.dispotify.router.catalog.Catalog;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
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
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Tag(name = "Streaming", description = "Where to play a song from (router role)")
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
    @Operation(operationId = "getRelayedAudio", summary = "The song's file, relayed from one data node",
            description = "Only with `dispotify.router.relay-audio=true`: then `/providers` and `/stream` hand out "
                    + "these URLs instead of the data nodes' own (an opt-in departure from the design's direct "
                    + "streaming, for deployments where listeners reach a router but no data node, as under Docker "
                    + "Compose). The data node's `GET|HEAD /data/songs/{id}/audio` answer passes back as it streams: "
                    + "`Range`, `If-None-Match`, `If-Range` and `fromMs` go to the node; its status, `Content-Type`, "
                    + "`Content-Length`, `Content-Range`, `Accept-Ranges`, `ETag`, `Cache-Control` and chunk headers "
                    + "come back. Only holders of the song, by node id. No retry once audio flowed: a break closes "
                    + "the connection, and the player asks `/providers` again.")
    @ApiResponse(responseCode = "200", description = "The whole file, or from fromMs's chunk on",
            content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = "ETag", description = "The song id, quoted (not sent with fromMs)",
                    schema = @Schema(type = "string")),
                    @Header(name = "Accept-Ranges", schema = @Schema(type = "string", example = "bytes"))})
    @ApiResponse(responseCode = "206", description = "The requested range",
            content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))},
            headers = @Header(name = "Content-Range", schema = @Schema(type = "string", example = "bytes 0-1023/496512")))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)", content = @Content)
    @ApiResponse(responseCode = "400", description = "A negative fromMs, or no node parameter",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RelayApiDocs.BAD_REQUEST)))
    @ApiResponse(responseCode = "404", description = "The relay is off, the song is unknown, or the node does not hold it",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "not-a-provider", value = RelayApiDocs.NOT_A_PROVIDER),
                            @ExampleObject(name = "relay-off", value = RelayApiDocs.RELAY_OFF),
                            @ExampleObject(name = "song-not-found", value = RelayApiDocs.SONG_NOT_FOUND)}))
    @ApiResponse(responseCode = "416", description = "Range outside the file (the data node's answer, passed on)",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RelayApiDocs.RANGE_NOT_SATISFIABLE)))
    @ApiResponse(responseCode = "502", description = "The data node refused, broke or answered 5xx before any audio",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RelayApiDocs.FAILED)))
    @ApiResponse(responseCode = "503", description = "This router relays as many streams as it may (Retry-After), "
            + "or the node does not hold the router role",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RelayApiDocs.BUSY)))
    @ApiResponse(responseCode = "504", description = "The data node sent no audio within the first-byte timeout",
            content = @Content(mediaType = RelayApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RelayApiDocs.TIMED_OUT)))
    Mono<ResponseEntity<Flux<DataBuffer>>> audio(
            @Parameter(example = RelayApiDocs.SONG_ID) @PathVariable String id,
            @Parameter(description = "Node id of the data node to play from, as `/providers` gave it",
                    example = RelayApiDocs.NODE_ID) @RequestParam String node,
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
