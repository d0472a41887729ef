package org.dispotify.data.song;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
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
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
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

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The data role's HTTP API: upload, catalog, audio and chunks of the songs this node stores. */
@RestController
@RequestMapping("/data/songs")
@Tag(name = "Data node", description = "Songs stored on this node as ~10 s chunks in SQLite")
@CrossOrigin(methods = {RequestMethod.GET, RequestMethod.HEAD}, exposedHeaders = {
        AudioResponder.CHUNK_INDEX, AudioResponder.CHUNK_START_MS, AudioResponder.CHUNK_DURATION_MS,
        AudioResponder.BYTE_OFFSET, "Content-Range", "Accept-Ranges", "ETag"})
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
    @Operation(summary = "Store a song",
            description = "Multipart form: `file` (the audio; format detected from its bytes) and optional `title`, "
                    + "`artist`, `album`, `genre` overriding the file's tags. Same bytes again: 200 and nothing changes. "
                    + "Answers once the song is on `replication-factor` data nodes (or all live ones, if fewer): "
                    + "`replicas` and `holders` say which.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class))))
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "200", description = "Already stored")
    @ApiResponse(responseCode = "413", description = "Larger than the node's limit")
    @ApiResponse(responseCode = "415", description = "Not a supported audio format")
    @ApiResponse(responseCode = "422", description = "Corrupt or truncated audio")
    @ApiResponse(responseCode = "503", description = "Stored here, but too few data nodes took a copy yet")
    Mono<ResponseEntity<UploadedSong>> upload(@RequestBody Flux<PartEvent> parts, ServerHttpRequest request) {
        long length = request.getHeaders().getContentLength();
        // Same bytes again also waits for the copies: re-uploading is how a client retries a 503.
        return ingest.ingest(parts, length >= 0 ? length : null)
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
    @Operation(summary = "List this node's songs", description = "Pages count from 0; size 1.." + MAX_PAGE_SIZE + ".")
    Mono<SongPage> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            return Mono.error(SongIds.badParameter("page must be 0 or more."));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return Mono.error(SongIds.badParameter("size must be between 1 and " + MAX_PAGE_SIZE + "."));
        }
        return store.page(page, size).map(found -> new SongPage(
                found.getContent().stream().map(SongJson::of).toList(), page, size, found.getTotalElements()));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One song's metadata")
    @ApiResponse(responseCode = "400", description = "Not a song id")
    @ApiResponse(responseCode = "404", description = "Not on this node")
    Mono<SongJson> song(@PathVariable String id) {
        return stored(id).map(stored -> SongJson.of(stored.song()));
    }

    @RequestMapping(path = "/{id}/audio", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "The song's file",
            description = "Whole, or one byte range (`Range: bytes=a-b | a- | -n`), or from the chunk that plays at "
                    + "`fromMs` to the end (the stored bytes from that chunk's first byte on).")
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @ApiResponse(responseCode = "416", description = "Range outside the file")
    Mono<ResponseEntity<Flux<DataBuffer>>> audio(
            @PathVariable String id,
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
    @Operation(summary = "One chunk by index")
    Mono<ResponseEntity<Flux<DataBuffer>>> chunk(@PathVariable String id, @PathVariable int index,
                                                 ServerHttpRequest request, ServerHttpResponse response) {
        boolean head = HttpMethod.HEAD.equals(request.getMethod());
        return stored(id).map(stored -> stored.chunk(index)
                .map(chunk -> audio.chunk(stored, chunk, head, response.bufferFactory()))
                .orElseThrow(() -> SongIds.noChunk(id, Integer.toString(index))));
    }

    @RequestMapping(path = "/{id}/chunk", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "The chunk that plays at a time")
    Mono<ResponseEntity<Flux<DataBuffer>>> chunkAt(@PathVariable String id,
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
    @Operation(summary = "Whether this node holds every chunk of the song",
            description = "False for a song this node does not hold at all.")
    Mono<Completeness> complete(@PathVariable String id) {
        return Mono.defer(() -> store.isComplete(SongIds.require(id))).map(Completeness::new);
    }

    private Mono<StoredSong> stored(String id) {
        return Mono.defer(() -> store.find(SongIds.require(id)))
                .switchIfEmpty(Mono.error(() -> SongIds.notFound(id)));
    }

    /** The upload form, for the OpenAPI description only. */
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
                      String title, String artist, String album, String genre) {
    }
}
