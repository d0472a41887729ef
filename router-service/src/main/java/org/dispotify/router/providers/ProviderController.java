package org.dispotify.router.providers;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.router.system.RouterApiDocs;
import org.dispotify.router.system.RouterProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Where to stream a song from: the provider list, or a redirect straight to one of them. */
@RestController
@CrossOrigin
@RequestMapping("/api/songs/{id}")
@Tag(name = "Streaming", description = "Where to play a song from (router role)")
class ProviderController {

    private final ProviderChooser chooser;

    ProviderController(ProviderChooser chooser) {
        this.chooser = chooser;
    }

    @GetMapping("/providers")
    @Operation(operationId = "getProviders", summary = "Up to 3 live data nodes that hold the whole song, shuffled",
            description = "Each with the song's audio URL on that node, or, when the router relays audio (dispotify.router.relay-audio), a URL on this router that relays it; empty when no holder answers now.")
    @ApiResponse(responseCode = "200", description = "The providers (maybe none)")
    @ApiResponse(responseCode = "404", description = "No live data node holds it",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.SONG_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<Providers> providers(@Parameter(example = RouterApiDocs.SONG_ID) @PathVariable String id,
                              ServerHttpRequest request) {
        return chooser.choose(id, request.getURI());
    }

    /** 307 keeps the method and the listener's headers (Range) on the way to the data node (or the relay). */
    @GetMapping("/stream")
    @Operation(operationId = "streamSong", summary = "Redirect to one provider's audio URL",
            description = "307 keeps the method and the Range header; the query string is passed on (e.g. fromMs).")
    @ApiResponse(responseCode = "307", description = "Go to this data node's audio URL (or this router's relay URL)", content = @Content,
            headers = @Header(name = "Location", schema = @Schema(type = "string",
                    example = "http://127.0.0.1:8081/data/songs/" + RouterApiDocs.SONG_ID + "/audio")))
    @ApiResponse(responseCode = "404", description = "No live data node holds it",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.SONG_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "No live data node at all, or none can serve the whole song now",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-provider", value = RouterApiDocs.NO_PROVIDER),
                            @ExampleObject(name = "no-data-node", value = RouterApiDocs.NO_DATA_NODE)}))
    Mono<ResponseEntity<Void>> stream(@Parameter(example = RouterApiDocs.SONG_ID) @PathVariable String id, ServerHttpRequest request) {
        return chooser.choose(id, request.getURI()).flatMap(found -> {
            if (found.providers().isEmpty()) {
                return Mono.error(RouterProblems.noProvider(id));
            }
            String url = found.providers().get(0).url();
            String query = request.getURI().getRawQuery();
            // A relay URL has a query of its own (?node=).
            URI location = URI.create(query == null ? url : url + (url.indexOf('?') < 0 ? "?" : "&") + query);
            return Mono.just(ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).location(location).<Void>build());
        });
    }
}
