package org.dispotify.router.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.router.system.RouterApiDocs;
import org.dispotify.router.system.RouterProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** The catalog: search, sort and page the merged song list; one song with its replica count. */
@RestController
@CrossOrigin
@RequestMapping("/api/songs")
@Tag(name = "Catalog", description = "The merged catalog of the live data nodes (router role)")
class CatalogController {

    static final int MAX_PAGE_SIZE = 500;
    private static final int MAX_QUERY_LENGTH = 200;

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(operationId = "listSongs", summary = "Search, sort and page the catalog",
            description = "Songs of every live data node, deduplicated by id, each with `replicas`: how many live "
                    + "data nodes hold it.")
    @ApiResponse(responseCode = "200", description = "One page of the catalog")
    @ApiResponse(responseCode = "400", description = "page below 0, size outside 1..500, q over 200 characters, or an unknown sort",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.BAD_REQUEST)))
    @ApiResponse(responseCode = "503", description = "No live data node contributes to the catalog (or it is still loading)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<SongPage> list(@Parameter(description = "Matches title, artist, album or genre, case-insensitively",
                                   example = "blue") @RequestParam(required = false) String q,
                        @Parameter(description = "From 0") @RequestParam(defaultValue = "0") int page,
                        @Parameter(description = "1..500") @RequestParam(defaultValue = "50") int size,
                        @Parameter(schema = @Schema(allowableValues = {"title", "artist", "album", "recent"}))
                        @RequestParam(defaultValue = "title") String sort) {
        if (page < 0) {
            return Mono.error(RouterProblems.badRequest("page must be 0 or more; was " + page + "."));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return Mono.error(RouterProblems.badRequest("size must be 1.." + MAX_PAGE_SIZE + "; was " + size + "."));
        }
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            return Mono.error(RouterProblems.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters."));
        }
        SongSort order;
        try {
            order = SongSort.parse(sort);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        return catalog.available().map(snapshot -> snapshot.page(q, order, page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSong", summary = "One song with its replica count")
    @ApiResponse(responseCode = "200", description = "The song")
    @ApiResponse(responseCode = "404", description = "No live data node holds it",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.SONG_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<SongResponse> song(@Parameter(example = RouterApiDocs.SONG_ID) @PathVariable String id) {
        return catalog.song(id).map(SongResponse::of);
    }
}
