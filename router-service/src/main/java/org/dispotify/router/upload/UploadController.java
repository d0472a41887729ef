package org.dispotify.router.upload;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.ring.http.CancelSafeParts;
import org.dispotify.ring.http.ReprDigest;
import org.dispotify.router.system.RouterApiDocs;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/songs}: the data role's upload form, taken by the router, spooled to disk and
 * stored on a data node. The temp file is deleted however the request ends.
 */
@RestController
// Retry-After exposed: a player that moved to another router reads it there too, to wait as asked.
@CrossOrigin(exposedHeaders = "Retry-After")
@Tag(name = "Upload", description = "Add songs to the library (router role)")
class UploadController {

    private final UploadSpooler spooler;
    private final UploadForwarder forwarder;

    UploadController(UploadSpooler spooler, UploadForwarder forwarder) {
        this.spooler = spooler;
        this.forwarder = forwarder;
    }

    @PostMapping(path = "/api/songs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadSong", summary = "Add a song to the library",
            description = "The data role's form: `file` plus optional `title`, `artist`, `album`, `genre` overriding "
                    + "the file's tags, `cover` (a JPEG or PNG, up to 8 MiB) used as the song's cover when the file embeds "
                    + "none (`dispotify upload DIR` sends a folder's cover.jpg, folder.jpg or cover.png), and `sha256`, "
                    + "the file's SHA-256 (64 hex digits; or a `Repr-Digest: sha-256=:…:` header): when sent, the file is "
                    + "stored only if the bytes received hash to it. The router hashes what it receives and the data node "
                    + "stores it only if its bytes hash the same, so a 201 proves the stored file is the one received. "
                    + "Stored on a data node picked at random, which answers once the song is durable on 2 data nodes; a "
                    + "node that fails, is busy or is switching roles is followed by another after a backoff (honouring "
                    + "its Retry-After) for up to `retry-for` (60 s). A data node's 4xx comes back unchanged.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class))))
    @ApiResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UploadedSong.class), examples = @ExampleObject(value = RouterApiDocs.UPLOADED)))
    @ApiResponse(responseCode = "200", description = "Already stored", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UploadedSong.class), examples = @ExampleObject(value = RouterApiDocs.UPLOADED)))
    @ApiResponse(responseCode = "400", description = "No 'file' part or more than one, a malformed `sha256` or "
            + "`Repr-Digest`, bytes that do not hash to the declared SHA-256 (damaged on the way: send it again), "
            + "or a data node's 400",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "bad-form", value = RouterApiDocs.NO_FILE),
                            @ExampleObject(name = "digest-mismatch", value = RouterApiDocs.DIGEST_MISMATCH)}))
    @ApiResponse(responseCode = "413", description = "Larger than the limit (default 200 MB), or a cover over 8 MiB; nothing reaches a data node",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.TOO_LARGE)))
    @ApiResponse(responseCode = "415", description = "Not multipart/form-data, or not a supported audio format (from the data node)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "not-multipart", value = RouterApiDocs.NOT_MULTIPART),
                            @ExampleObject(name = "unsupported-audio", value = RouterApiDocs.UNSUPPORTED_AUDIO)}))
    @ApiResponse(responseCode = "422", description = "Corrupt or truncated audio, or a `cover` needed and not a usable image (from the data node)",
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.CORRUPT_AUDIO)))
    @ApiResponse(responseCode = "503", description = "No data node stored it within `retry-for` (none live, all busy, "
            + "failing or switching roles): nothing was stored; send it again after Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")),
            content = @Content(mediaType = RouterApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = RouterApiDocs.UPLOAD_FAILED)))
    Mono<ResponseEntity<Object>> upload(@RequestBody Flux<PartEvent> parts,
                                        @RequestHeader(name = ReprDigest.HEADER, required = false) String reprDigest) {
        return Mono.usingWhen(spooler.createTempFile(),
                file -> spooler.spool(CancelSafeParts.of(parts), file, reprDigest).flatMap(forwarder::forward),
                spooler::delete);
    }

    /** Any other body: answered here (not by the handler lookup) so it is problem+json too. */
    @PostMapping("/api/songs")
    @Operation(hidden = true) // Documented with upload(): the 415 answer of POST /api/songs.
    Mono<ResponseEntity<Object>> notMultipart() {
        return Mono.error(new UnsupportedMediaTypeStatusException(
                "Upload a song as multipart/form-data with a 'file' part."));
    }

    /** The upload form, for the OpenAPI description only. */
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
                      @Schema(example = "Blue in Green") String title,
                      @Schema(example = "Dispotify Quartet") String artist,
                      @Schema(example = "Samples") String album,
                      @Schema(example = "Jazz") String genre,
                      @Schema(type = "string", format = "binary",
                              description = "A JPEG or PNG used as the song's cover when the file embeds none")
                      String cover,
                      @Schema(description = "The file's SHA-256, 64 hex digits: the upload fails unless the bytes match",
                              example = "9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f",
                              pattern = "^[0-9a-fA-F]{64}$") String sha256) {
    }

    /** The answer, for the OpenAPI description only: the data node's song JSON with replicas and holders. */
    @Schema(name = "UploadedSongViaRouter",
            description = "The stored song with the data nodes that hold it (the data node's answer, passed on)")
    record UploadedSong(String id, String title, String artist, String album, String genre, Integer year, Integer track,
                        long durationMs, String format, String mimeType, int bitrate, long sizeBytes, int chunkCount,
                        String albumArtist, Integer disc, boolean hasCover, String coverId,
                        int replicas, List<String> holders) {
    }
}
