package org.dispotify.data.cover;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.song.SongIds;
import org.dispotify.data.store.CoverStore;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.store.StoredCover;
import org.dispotify.data.system.DataApiDocs;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * A song's cover as stored: the picture its file embeds or the cover uploaded with it, byte for byte.
 * Routers scale it; this node only checks it against its hash (a damaged cover is 500 and repaired
 * from another holder, like a chunk).
 */
@RestController
@RequestMapping("/data/songs/{id}/cover")
@Tag(name = "Data node")
@CrossOrigin(methods = {RequestMethod.GET, RequestMethod.HEAD}, exposedHeaders = "ETag")
class CoverController {

    /** Content-addressed: the same URL never means other bytes, so caches may keep it for good. */
    static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final SongStore songs;
    private final CoverStore covers;

    CoverController(SongStore songs, CoverStore covers) {
        this.songs = songs;
        this.covers = covers;
    }

    @GetMapping
    @Operation(operationId = "getStoredCover", summary = "The song's cover, as stored",
            description = "The picture the file embeds (its front cover if several), else the `cover` uploaded with "
                    + "it. `ETag` is the SHA-256 of the bytes; `If-None-Match` gives 304.")
    @ApiResponse(responseCode = "200", description = "The image",
            content = {@Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = "ETag", description = "The cover's SHA-256, quoted", schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", schema = @Schema(type = "string",
                            example = "max-age=31536000, public, immutable"))})
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)", content = @Content)
    @ApiResponse(responseCode = "400", description = "Not a song id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "404", description = "Not on this node, or the song has no cover",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-cover", value = DataApiDocs.NO_COVER),
                            @ExampleObject(name = "no-song", value = DataApiDocs.SONG_NOT_FOUND)}))
    @ApiResponse(responseCode = "500", description = "The stored cover does not match its hash; it is being repaired from another holder",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.DAMAGED_COVER)))
    Mono<ResponseEntity<byte[]>> cover(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
                                       ServerHttpRequest request) {
        return Mono.defer(() -> songs.find(SongIds.require(id)))
                .switchIfEmpty(Mono.error(() -> SongIds.notFound(id)))
                .flatMap(stored -> {
                    String sha = stored.song().coverSha256();
                    if (sha == null) {
                        return Mono.error(noCover(id));
                    }
                    String etag = "\"" + sha + "\"";
                    if (matches(request.getHeaders().getIfNoneMatch(), etag)) {
                        return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag)
                                .cacheControl(IMMUTABLE).<byte[]>build());
                    }
                    return covers.read(sha)
                            .switchIfEmpty(Mono.error(() -> covers.missing(sha)))
                            .map(cover -> image(cover, etag));
                });
    }

    private static ResponseEntity<byte[]> image(StoredCover cover, String etag) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(cover.mimeType()))
                .eTag(etag)
                .cacheControl(IMMUTABLE)
                .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(cover.bytes().length))
                .body(cover.bytes());
    }

    private static boolean matches(java.util.List<String> ifNoneMatch, String etag) {
        return ifNoneMatch.stream().anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }

    static ErrorResponseException noCover(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Song " + id + " has no cover.");
        problem.setTitle("No cover");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
