package org.dispotify.data.song;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.ingest.IngestResult;
import org.dispotify.data.ingest.SongIngest;
import org.dispotify.data.replication.Durability;
import org.dispotify.data.replication.UploadReplication;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.store.StoredSong;
import org.dispotify.data.stream.AudioResponder;
import org.dispotify.data.system.DataApiDocs;
import org.dispotify.ring.http.CancelSafeParts;
import org.dispotify.ring.http.ReprDigest;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The data role's HTTP API: upload, catalog, audio and chunks of the songs this node stores. */
@RestController
@RequestMapping("/data/songs")
@Tag(name = "Data node", description = "Songs stored on this node as ~10 s chunks in SQLite")
@CrossOrigin(methods = {RequestMethod.GET, RequestMethod.HEAD}, exposedHeaders = {
        AudioResponder.CHUNK_INDEX, AudioResponder.CHUNK_START_MS, AudioResponder.CHUNK_DURATION_MS,
        AudioResponder.BYTE_OFFSET, "Content-Range", "Accept-Ranges", "ETag", ReprDigest.HEADER})
class SongController {

    static final int MAX_PAGE_SIZE = 500;

    private final SongIngest ingest;
    private final SongStore store;
    private final AudioResponder audio;
    private final UploadReplication replication;

    SongController(SongIngest ingest, SongStore store, AudioResponder audio, UploadReplication replication) {
        this.ingest = ingest;
        this.replication = replication;
        this.store = store;
        this.audio = audio;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "storeSong", summary = "Store a song",
            description = "Multipart form: `file` (the audio; format detected from its bytes) and optional `title`, "
                    + "`artist`, `album`, `genre` overriding the file's tags, `cover` (a JPEG or PNG, up to 8 MiB) used "
                    + "as its cover when the file embeds none, and `sha256`: the file's SHA-256 (64 hex digits; or an RFC "
                    + "9530 `Repr-Digest: sha-256=:…:` header). When one is sent, the upload is stored only if the bytes "
                    + "received hash to it (400 otherwise), so a 201 proves the stored file is the sent one. Same bytes "
                    + "again: 200 and nothing changes. "
                    + "Answers once the song is on `replication-factor` data nodes (or all live ones, if fewer): "
                    + "`replicas` and `holders` say which.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class))))
    @ApiResponse(responseCode = "201", description = "Stored", headers = @Header(name = "Location",
            description = "The song's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Already stored")
    @ApiResponse(responseCode = "400", description = "No 'file' part or more than one, a malformed `sha256` or "
            + "`Repr-Digest`, or bytes that do not hash to the declared SHA-256 (damaged on the way: send it again)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "bad-form", value = DataApiDocs.BAD_UPLOAD),
                            @ExampleObject(name = "digest-mismatch", value = DataApiDocs.DIGEST_MISMATCH)}))
    @ApiResponse(responseCode = "408", description = "The upload stalled",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.UPLOAD_STALLED)))
    @ApiResponse(responseCode = "413", description = "Larger than the node's limit (default 200 MB), or a cover over 8 MiB",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.UPLOAD_TOO_LARGE)))
    @ApiResponse(responseCode = "415", description = "Not a supported audio format (detected from the bytes)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.UNSUPPORTED_AUDIO)))
    @ApiResponse(responseCode = "422", description = "Corrupt or truncated audio, or a `cover` that is needed and is "
            + "not a usable JPEG or PNG (wrong bytes, truncated, over 8000 px a side or 40 megapixels)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "corrupt-audio", value = DataApiDocs.CORRUPT_AUDIO),
                            @ExampleObject(name = "bad-cover", value = DataApiDocs.BAD_COVER)}))
    @ApiResponse(responseCode = "503", description = "Too many uploads at once, stored here but too few data nodes "
            + "took a copy yet, or damaged between arriving and being stored (nothing kept); all with Retry-After",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "busy", value = DataApiDocs.TOO_MANY_UPLOADS),
                            @ExampleObject(name = "not-durable", value = DataApiDocs.NOT_DURABLE_YET),
                            @ExampleObject(name = "damaged-while-storing", value = DataApiDocs.DAMAGED_WHILE_STORING)}))
    Mono<ResponseEntity<UploadedSong>> upload(@RequestBody Flux<PartEvent> parts, ServerHttpRequest request) {
        long length = request.getHeaders().getContentLength();
        // Same bytes again also waits for the copies: re-uploading is how a client retries a 503.
        return ingest.ingest(CancelSafeParts.of(parts), length >= 0 ? length : null, request.getHeaders().getFirst(ReprDigest.HEADER))
                .flatMap(result -> replication.ensureDurable(result.song().id(), result.song().sizeBytes())
                        .map(durability -> uploaded(result, durability)));
    }

    private static ResponseEntity<UploadedSong> uploaded(IngestResult result, Durability durability) {
        UploadedSong body = UploadedSong.of(result.song(), durability);
        return result.created()
                ? ResponseEntity.created(URI.create("/data/songs/" + body.id())).body(body)
                : ResponseEntity.ok(body);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listStoredSongs", summary = "List this node's songs",
            description = "Pages count from 0; size 1.." + MAX_PAGE_SIZE + ". Every page carries the catalog's weak "
                    + "`ETag`, which changes whenever a song is stored or removed here: with `If-None-Match` set to "
                    + "it, an unchanged catalog answers `304` without reading anything (routers poll this each second).")
    @ApiResponse(responseCode = "200", description = "One page of songs", headers = @Header(name = "ETag",
            description = "The catalog's version", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "304", description = "Nothing stored or removed since the `If-None-Match` tag")
    @ApiResponse(responseCode = "400", description = "page or size out of range, or not a number",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_PARAMETER)))
    Mono<ResponseEntity<SongPage>> list(@RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size, ServerWebExchange exchange) {
        if (page < 0) {
            return Mono.error(SongIds.badParameter("page must be 0 or more."));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return Mono.error(SongIds.badParameter("size must be between 1 and " + MAX_PAGE_SIZE + "."));
        }
        // Read before the query: a song stored meanwhile makes the tag stale, never the page.
        String etag = "W/\"" + store.catalogTag() + "\"";
        if (exchange.checkNotModified(etag)) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build());
        }
        return store.page(page, size).map(found -> ResponseEntity.ok().eTag(etag)
                .body(new SongPage(found.getContent().stream().map(SongJson::of).toList(), page, size,
                        found.getTotalElements())));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getStoredSong", summary = "One song's metadata")
    @ApiResponse(responseCode = "200", description = "The song")
    @ApiResponse(responseCode = "400", description = "Not a song id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "404", description = "Not on this node",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.SONG_NOT_FOUND)))
    Mono<SongJson> song(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id) {
        return stored(id).map(stored -> SongJson.of(stored.song()));
    }

    @RequestMapping(path = "/{id}/audio", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(operationId = "getAudio", summary = "The song's file",
            description = "Whole, or one byte range (`Range: bytes=a-b | a- | -n`), or from the chunk that plays at "
                    + "`fromMs` to the end (the stored bytes from that chunk's first byte on).")
    @ApiResponse(responseCode = "200", description = "The whole file, or from fromMs's chunk on (then with the "
            + "chunk headers)", content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))}, headers = {
            @Header(name = "ETag", description = "The song id, quoted (not sent with fromMs)", schema = @Schema(type = "string")),
            @Header(name = "Accept-Ranges", schema = @Schema(type = "string", example = "bytes"))})
    @ApiResponse(responseCode = "206", description = "The requested range", content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))}, headers = @Header(
            name = "Content-Range", schema = @Schema(type = "string", example = "bytes 0-1023/496512")))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)", content = @Content)
    @ApiResponse(responseCode = "400", description = "Not a song id, or a negative fromMs",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "bad-id", value = DataApiDocs.BAD_SONG_ID),
                            @ExampleObject(name = "bad-parameter", value = DataApiDocs.BAD_PARAMETER)}))
    @ApiResponse(responseCode = "404", description = "Not on this node, or fromMs past the end",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-song", value = DataApiDocs.SONG_NOT_FOUND),
                            @ExampleObject(name = "no-chunk", value = DataApiDocs.CHUNK_NOT_FOUND)}))
    @ApiResponse(responseCode = "416", description = "Range outside the file (Content-Range: bytes */size)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.RANGE_NOT_SATISFIABLE)))
    Mono<ResponseEntity<Flux<DataBuffer>>> audio(
            @Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
            @Parameter(description = "Milliseconds into the song") @RequestParam(required = false) Long fromMs,
            ServerHttpRequest request, ServerHttpResponse response) {
        boolean head = HttpMethod.HEAD.equals(request.getMethod());
        if (fromMs != null && fromMs < 0) {
            return Mono.error(SongIds.badParameter("fromMs must be 0 or more."));
        }
        return stored(id).map(stored -> {
            if (fromMs == null) {
                return audio.audio(stored, request.getHeaders(), head, response.bufferFactory());
            }
            return stored.chunkAt(fromMs)
                    .map(chunk -> audio.from(stored, chunk, head, response.bufferFactory()))
                    .orElseThrow(() -> SongIds.noChunk(id, "at " + fromMs + " ms (the song is "
                            + stored.song().durationMs() + " ms long)"));
        });
    }

    @RequestMapping(path = "/{id}/chunks/{index}", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(operationId = "getChunk", summary = "One chunk by index")
    @ApiResponse(responseCode = "200", description = "The chunk's bytes", content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = AudioResponder.CHUNK_INDEX, description = "The chunk's index", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.CHUNK_START_MS, description = "Where the chunk starts in the song, ms", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.CHUNK_DURATION_MS, description = "How long the chunk plays, ms", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.BYTE_OFFSET, description = "The chunk's first byte in the file", schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "400", description = "Not a song id, or the index is not a number",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "404", description = "Not on this node, or no such chunk",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-song", value = DataApiDocs.SONG_NOT_FOUND),
                            @ExampleObject(name = "no-chunk", value = DataApiDocs.CHUNK_NOT_FOUND)}))
    Mono<ResponseEntity<Flux<DataBuffer>>> chunk(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
                                                 @PathVariable int index,
                                                 ServerHttpRequest request, ServerHttpResponse response) {
        boolean head = HttpMethod.HEAD.equals(request.getMethod());
        return stored(id).map(stored -> stored.chunk(index)
                .map(chunk -> audio.chunk(stored, chunk, head, response.bufferFactory()))
                .orElseThrow(() -> SongIds.noChunk(id, Integer.toString(index))));
    }

    @RequestMapping(path = "/{id}/chunk", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(operationId = "getChunkAt", summary = "The chunk that plays at a time")
    @ApiResponse(responseCode = "200", description = "The chunk's bytes", content = {@Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/ogg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))},
            headers = {@Header(name = AudioResponder.CHUNK_INDEX, description = "The chunk's index", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.CHUNK_START_MS, description = "Where the chunk starts in the song, ms", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.CHUNK_DURATION_MS, description = "How long the chunk plays, ms", schema = @Schema(type = "integer")),
                    @Header(name = AudioResponder.BYTE_OFFSET, description = "The chunk's first byte in the file", schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "400", description = "Not a song id, or atMs missing or negative",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "bad-id", value = DataApiDocs.BAD_SONG_ID),
                            @ExampleObject(name = "bad-parameter", value = DataApiDocs.BAD_PARAMETER)}))
    @ApiResponse(responseCode = "404", description = "Not on this node, or atMs past the end",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "no-song", value = DataApiDocs.SONG_NOT_FOUND),
                            @ExampleObject(name = "no-chunk", value = DataApiDocs.CHUNK_NOT_FOUND)}))
    Mono<ResponseEntity<Flux<DataBuffer>>> chunkAt(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
                                                   @Parameter(description = "Milliseconds into the song")
                                                   @RequestParam long atMs,
                                                   ServerHttpRequest request, ServerHttpResponse response) {
        boolean head = HttpMethod.HEAD.equals(request.getMethod());
        if (atMs < 0) {
            return Mono.error(SongIds.badParameter("atMs must be 0 or more."));
        }
        return stored(id).map(stored -> stored.chunkAt(atMs)
                .map(chunk -> audio.chunk(stored, chunk, head, response.bufferFactory()))
                .orElseThrow(() -> SongIds.noChunk(id, "at " + atMs + " ms")));
    }

    @GetMapping(path = "/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "isComplete", summary = "Whether this node holds every chunk of the song",
            description = "False for a song this node does not hold at all.")
    @ApiResponse(responseCode = "200", description = "Whether it is complete here")
    @ApiResponse(responseCode = "400", description = "Not a song id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    Mono<Completeness> complete(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id) {
        return Mono.defer(() -> store.isComplete(SongIds.require(id))).map(Completeness::new);
    }

    private Mono<StoredSong> stored(String id) {
        return Mono.defer(() -> store.find(SongIds.require(id)))
                .switchIfEmpty(Mono.error(() -> SongIds.notFound(id)));
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
                              example = DataApiDocs.SONG_ID, pattern = "^[0-9a-fA-F]{64}$") String sha256) {
    }
}
