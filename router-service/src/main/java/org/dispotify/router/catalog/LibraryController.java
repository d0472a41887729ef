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

/**
 * The library from tags: artists, albums and genres of the merged catalog, as fresh as its songs. A
 * search box asks {@code /api/songs?q=}, {@code /api/artists?q=} and {@code /api/albums?q=} with the same
 * text: songs by title, artist, album or genre; artists by name; albums by name or album artist.
 */
@RestController
@CrossOrigin
@RequestMapping("/api")
@Tag(name = "Library", description = "Artists, albums and genres derived from the songs' tags (router role)")
class LibraryController {

    private static final int MAX_QUERY_LENGTH = 200;

    private final Catalog catalog;

    LibraryController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/artists")
    @Operation(operationId = "listArtists", summary = "Artists, by name",
            description = "Every track artist and album artist (\"Various Artists\" included when a compilation exists).")
    @ApiResponse(responseCode = "200", description = "One page of artists")
    @ApiResponse(responseCode = "400", description = "page below 0, size outside 1..500, or q over 200 characters",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.BAD_REQUEST)))
    @ApiResponse(responseCode = "503", description = "No live data node contributes to the catalog (or it is still loading)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<LibraryPages.Artists> artists(
            @Parameter(description = "Part of the name, case-insensitively", example = "davis") @RequestParam(required = false) String q,
            @Parameter(description = "From 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "1..500") @RequestParam(defaultValue = "50") int size) {
        return Mono.defer(() -> {
            checkPage(page, size, q);
            return catalog.library().map(library -> library.artists(q, page, size));
        });
    }

    @GetMapping("/artists/{id}")
    @Operation(operationId = "getArtist", summary = "An artist with their albums")
    @ApiResponse(responseCode = "200", description = "The artist")
    @ApiResponse(responseCode = "404", description = "No such artist in the catalog",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.ARTIST_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<ArtistDetail> artist(@Parameter(example = RouterApiDocs.ARTIST_ID) @PathVariable String id) {
        return catalog.library().flatMap(library -> Mono.justOrEmpty(library.artist(id)))
                .switchIfEmpty(Mono.error(() -> RouterProblems.artistNotFound(id)));
    }

    @GetMapping("/albums")
    @Operation(operationId = "listAlbums", summary = "Albums, sorted and paged",
            description = "`sort`: `name`, `artist` (then year), `year` (oldest first, undated last) or `newest` (most "
                    + "recently added first); `order=desc` reverses it. `q` matches the album's name or album artist; "
                    + "`genre` keeps the albums whose most common genre it is.")
    @ApiResponse(responseCode = "200", description = "One page of albums")
    @ApiResponse(responseCode = "400", description = "page below 0, size outside 1..500, q over 200 characters, an unknown sort or order",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.BAD_REQUEST)))
    @ApiResponse(responseCode = "503", description = "No live data node contributes to the catalog (or it is still loading)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<LibraryPages.Albums> albums(
            @Parameter(schema = @Schema(allowableValues = {"name", "artist", "year", "newest"}))
            @RequestParam(defaultValue = "name") String sort,
            @Parameter(schema = @Schema(allowableValues = {"asc", "desc"})) @RequestParam(defaultValue = "asc") String order,
            @Parameter(description = "Part of the name or the album artist, case-insensitively", example = "blue")
            @RequestParam(required = false) String q,
            @Parameter(description = "Only albums of this genre (case-insensitive)", example = "Jazz")
            @RequestParam(required = false) String genre,
            @Parameter(description = "From 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "1..500") @RequestParam(defaultValue = "50") int size) {
        return Mono.defer(() -> {
            checkPage(page, size, q);
            AlbumSort by = AlbumSort.parse(sort);
            boolean descending = switch (order.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw RouterProblems.badRequest("order must be asc or desc; was '" + order + "'.");
            };
            return catalog.library().map(library -> library.albums(by, descending, q, genre, page, size));
        });
    }

    @GetMapping("/albums/{id}")
    @Operation(operationId = "getAlbum", summary = "An album with its songs in disc and track order")
    @ApiResponse(responseCode = "200", description = "The album")
    @ApiResponse(responseCode = "404", description = "No such album in the catalog",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.ALBUM_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<AlbumDetail> album(@Parameter(example = RouterApiDocs.ALBUM_ID) @PathVariable String id) {
        return catalog.library().flatMap(library -> Mono.justOrEmpty(library.album(id)))
                .switchIfEmpty(Mono.error(() -> RouterProblems.albumNotFound(id)))
                .map(album -> AlbumDetail.of(album.summary(), album.songs().stream().map(SongResponse::of).toList()));
    }

    @GetMapping("/genres")
    @Operation(operationId = "listGenres", summary = "Every genre, by name, with its song and album counts")
    @ApiResponse(responseCode = "200", description = "The genres")
    @ApiResponse(responseCode = "503", description = "No live data node contributes to the catalog (or it is still loading)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<LibraryPages.Genres> genres() {
        return catalog.library().map(library -> new LibraryPages.Genres(library.genres()));
    }

    private static void checkPage(int page, int size, String q) {
        if (page < 0) {
            throw RouterProblems.badRequest("page must be 0 or more; was " + page + ".");
        }
        if (size < 1 || size > CatalogController.MAX_PAGE_SIZE) {
            throw RouterProblems.badRequest("size must be 1.." + CatalogController.MAX_PAGE_SIZE + "; was " + size + ".");
        }
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw RouterProblems.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters.");
        }
    }
}
