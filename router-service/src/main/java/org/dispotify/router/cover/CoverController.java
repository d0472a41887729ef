package org.dispotify.router.cover;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.router.catalog.Catalog;
import org.dispotify.router.catalog.CoverSource;
import org.dispotify.router.system.RouterApiDocs;
import org.dispotify.router.system.RouterProblems;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Cover art, scaled: a song's cover (the picture its file embeds, or the folder cover uploaded with it)
 * and an album's (its first song's, in disc/track order, that has one). The ETag is the cover's content
 * address plus the size, so a client revalidates with a 304 and no data node is asked.
 */
@RestController
@CrossOrigin(exposedHeaders = "ETag")
@Tag(name = "Covers", description = "Cover art, scaled and cached (router role)")
class CoverController {

    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 1024;
    /** A song's cover never changes (the song is its bytes): cache it for good. */
    private static final CacheControl SONG = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    /**
     * An album's cover is its first covered song's, which a newly added song can change: cached for an hour,
     * then revalidated (a 304 while the cover stays the same).
     */
    private static final CacheControl ALBUM = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    private final Catalog catalog;
    private final Covers covers;

    CoverController(Catalog catalog, Covers covers) {
        this.catalog = catalog;
        this.covers = covers;
    }

    @GetMapping("/api/songs/{id}/cover")
    @Operation(operationId = "getSongCover", summary = "A song's cover, fitted into size x size px",
            description = "Without `size`, the original bytes. Scaled copies are JPEG (PNG when the cover has "
                    + "transparency); a cover smaller than `size` is sent as it is. `ETag` is the cover's SHA-256 "
                    + "(plus the size); `If-None-Match` gives 304. Cached for a year (`immutable`).")
    @ApiResponse(responseCode = "200", description = "The image",
            content = {@Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = "ETag", schema = @Schema(type = "string",
                    example = "\"3b8f0c2d1e4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e-300\"")),
                    @Header(name = "Cache-Control", schema = @Schema(type = "string",
                            example = "max-age=31536000, public, immutable"))})
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)", content = @Content)
    @ApiResponse(responseCode = "400", description = "size outside 32..1024",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.BAD_COVER_SIZE)))
    @ApiResponse(responseCode = "404", description = "No such song, or it has no cover (or one that cannot be shown): "
            + "the player draws its own placeholder",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-cover", value = RouterApiDocs.NO_COVER),
                            @ExampleObject(name = "no-song", value = RouterApiDocs.SONG_NOT_FOUND)}))
    @ApiResponse(responseCode = "502", description = "No holder of the song served its cover",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.COVER_UNAVAILABLE)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<ResponseEntity<byte[]>> songCover(@Parameter(example = RouterApiDocs.SONG_ID) @PathVariable String id,
                                           @Parameter(description = "32..1024; the original when absent", example = "300")
                                           @RequestParam(required = false) Integer size,
                                           ServerHttpRequest request) {
        return Mono.defer(() -> serve(catalog.songCover(id), checked(size), SONG, request));
    }

    @GetMapping("/api/albums/{id}/cover")
    @Operation(operationId = "getAlbumCover", summary = "An album's cover, fitted into size x size px",
            description = "The cover of the album's first song (disc, then track order) that has one; as the song "
                    + "cover otherwise, but cached for an hour and then revalidated, since a song added later can "
                    + "become the album's first with a cover.")
    @ApiResponse(responseCode = "200", description = "The image",
            content = {@Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = "ETag", schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", schema = @Schema(type = "string", example = "max-age=3600, public"))})
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)", content = @Content)
    @ApiResponse(responseCode = "400", description = "size outside 32..1024",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.BAD_COVER_SIZE)))
    @ApiResponse(responseCode = "404", description = "No such album, or none of its songs has a cover that can be shown",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-cover", value = RouterApiDocs.NO_COVER),
                            @ExampleObject(name = "no-album", value = RouterApiDocs.ALBUM_NOT_FOUND)}))
    @ApiResponse(responseCode = "502", description = "No holder of the song served its cover",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.COVER_UNAVAILABLE)))
    @ApiResponse(responseCode = "503", description = "No live data node at all",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.NO_DATA_NODE)))
    Mono<ResponseEntity<byte[]>> albumCover(@Parameter(example = RouterApiDocs.ALBUM_ID) @PathVariable String id,
                                            @Parameter(description = "32..1024; the original when absent", example = "300")
                                            @RequestParam(required = false) Integer size,
                                            ServerHttpRequest request) {
        return Mono.defer(() -> serve(catalog.albumCover(id), checked(size), ALBUM, request));
    }

    private Mono<ResponseEntity<byte[]>> serve(Mono<CoverSource> found, Integer size, CacheControl caching,
                                               ServerHttpRequest request) {
        return found.flatMap(source -> {
            String etag = "\"" + source.coverId() + (size == null ? "" : "-" + size) + "\"";
            if (matches(request.getHeaders().getIfNoneMatch(), etag)) {
                return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(caching)
                        .<byte[]>build());
            }
            return covers.image(source, size).map(image -> ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(image.mimeType()))
                    .eTag(etag)
                    .cacheControl(caching)
                    .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(image.bytes().length))
                    .body(image.bytes()));
        });
    }

    private static Integer checked(Integer size) {
        if (size != null && (size < MIN_SIZE || size > MAX_SIZE)) {
            throw RouterProblems.badRequest("size must be " + MIN_SIZE + ".." + MAX_SIZE + "; was " + size + ".");
        }
        return size;
    }

    private static boolean matches(List<String> ifNoneMatch, String etag) {
        return ifNoneMatch.stream().anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }
}
