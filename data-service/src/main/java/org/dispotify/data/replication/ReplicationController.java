package org.dispotify.data.replication;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.song.SongIds;
import org.dispotify.data.store.ChunkReader;
import org.dispotify.data.store.SongManifest;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.system.DataApiDocs;
import org.dispotify.data.system.DataProperties;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.ring.security.RequestSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Data node to data node: what a node holds (id pages, digests, holdings), a song's manifest and its
 * chunks checked against their hashes, and "copy this song from there". Every call needs the cluster
 * signature when a cluster secret is set (see ReplicationConfiguration).
 */
@RestController
@RequestMapping(ReplicaClient.BASE)
@SecurityScheme(name = DataApiDocs.CLUSTER_SIGNATURE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = RequestSignature.HEADER, description = "A member's HMAC-SHA256 signature of the request "
        + "(cluster secret); required only when the cluster has a secret. See SECURITY.md.")
@Tag(name = "Replication", description = "Internal: data nodes copying and comparing songs (cluster signature required when a secret is set)")
class ReplicationController {

    static final int MAX_PAGE = 5000;
    static final int MAX_HOLDINGS = 1000;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_MEMBERS = 256;

    private final SongStore store;
    private final ChunkReader chunks;
    private final ReplicaPuller puller;
    private final ReplicaIndex index;
    private final DataSchedulers schedulers;
    private final int factor;

    ReplicationController(SongStore store, ChunkReader chunks, ReplicaPuller puller,
                          ReplicaIndex index, DataSchedulers schedulers, DataProperties data) {
        this.store = store;
        this.chunks = chunks;
        this.puller = puller;
        this.index = index;
        this.schedulers = schedulers;
        this.factor = data.replicationFactor();
    }

    @PostMapping(path = "/songs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "replicateSong", summary = "Copy a song from another data node",
            description = "Answers once this node holds the song complete, every chunk checked against its SHA-256 "
                    + "and the whole file against the song id. Idempotent. `background=true` queues the copy behind "
                    + "the node's transfer rate limit.",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "This node holds the song now")
    @ApiResponse(responseCode = "400", description = "Not a song id, or from is not a node's base URL",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "502", description = "The copy failed (source unreachable, or its bytes did not match "
            + "their hashes); nothing is kept",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.COPY_FAILED)))
    Mono<Pulled> replicate(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
                           @Parameter(description = "The source data node's base URL", example = "http://127.0.0.1:8082")
                           @RequestParam String from,
                           @RequestParam(defaultValue = "false") boolean background) {
        return Mono.defer(() -> puller.pull(SongIds.require(id), source(from), background))
                .onErrorMap(e -> !(e instanceof ErrorResponseException), e -> copyFailed(id, from, e));
    }

    /** The source's fault, not this node's: a gateway error the caller can act on (try another holder). */
    private static ErrorResponseException copyFailed(String id, String from, Throwable cause) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "Could not copy " + id + " from " + from + ": " + ReplicaClient.describe(cause) + ". Nothing was kept.");
        problem.setTitle("Copy failed");
        return new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, cause);
    }

    @GetMapping(path = "/songs/{id}/manifest", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getManifest", summary = "A song's row and its chunks' layout and SHA-256",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The manifest", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SongManifest.class), examples = @ExampleObject(value = DataApiDocs.MANIFEST)))
    @ApiResponse(responseCode = "400", description = "Not a song id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "404", description = "Not on this node",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.SONG_NOT_FOUND)))
    Mono<SongManifest> manifest(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id) {
        return Mono.defer(() -> {
            return store.manifest(SongIds.require(id));
        }).switchIfEmpty(Mono.error(() -> SongIds.notFound(id)));
    }

    @GetMapping(path = "/songs/{id}/chunks/{index}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "getVerifiedChunk",
            summary = "One chunk, read past the cache and checked against its hash (500 if it is damaged)",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The chunk's bytes",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "Not a song id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "404", description = "Not on this node",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.SONG_NOT_FOUND)))
    @ApiResponse(responseCode = "500", description = "The stored chunk does not match its hash; it is being repaired from another holder",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.DAMAGED_CHUNK)))
    Mono<ResponseEntity<byte[]>> chunk(@Parameter(example = DataApiDocs.SONG_ID) @PathVariable String id,
                                       @Parameter(example = "0") @PathVariable int index) {
        return Mono.defer(() -> {
            String song = SongIds.require(id);
            return Mono.fromCallable(() -> chunks.readVerified(song, index)).subscribeOn(schedulers.io());
        }).map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(bytes))
                .switchIfEmpty(Mono.error(() -> SongIds.notFound(id)));
    }

    @GetMapping(path = "/ids", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listIds", summary = "The ids this node holds, sorted, paged by `after`",
            description = "With `owner` and `members`: only the ids `owner` owns when `members` are the data nodes.",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "One page of ids")
    @ApiResponse(responseCode = "400", description = "limit out of range, a bad id in after, owner without members, or a bad node id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_PARAMETER)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    Mono<IdPage> ids(@RequestParam(required = false) String owner, @RequestParam(required = false) String members,
                     @RequestParam(required = false) String after, @RequestParam(defaultValue = "1000") int limit) {
        return Mono.defer(() -> {
            if (limit < 1 || limit > MAX_PAGE) {
                throw SongIds.badParameter("limit must be between 1 and " + MAX_PAGE + ".");
            }
            if (after != null) {
                SongIds.require(after);
            }
            if (owner != null && members == null) {
                throw SongIds.badParameter("owner needs members.");
            }
            Membership membership = owner == null ? null : membership(members);
            String who = owner == null ? null : nodeId(owner);
            return Mono.fromCallable(() -> index.page(membership, who, after, limit)).subscribeOn(schedulers.io());
        });
    }

    @GetMapping(path = "/digest", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "digest",
            summary = "Digest of the ids this node holds that both `a` and `b` own under `members`",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The digest")
    @ApiResponse(responseCode = "400", description = "A missing parameter or a bad node id",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_PARAMETER)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    Mono<Digest> digest(@Parameter(example = "node-8081") @RequestParam String a,
                        @Parameter(example = "node-8082") @RequestParam String b,
                        @Parameter(description = "The data nodes' ids, comma-separated", example = "node-8081,node-8082")
                        @RequestParam String members) {
        return Mono.defer(() -> {
            Membership membership = membership(members);
            String first = nodeId(a);
            String second = nodeId(b);
            return Mono.fromCallable(() -> index.digest(membership, first, second)).subscribeOn(schedulers.io());
        });
    }

    @PostMapping(path = "/holdings", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "holdings", summary = "Which of these songs this node holds complete",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The ids among them this node holds complete")
    @ApiResponse(responseCode = "400", description = "More than 1000 ids, a bad id, or malformed JSON",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_SONG_ID)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    Mono<Holdings> holdings(@RequestBody Holdings asked) {
        return Mono.fromCallable(() -> {
            if (asked.ids().size() > MAX_HOLDINGS) {
                throw SongIds.badParameter("ask about at most " + MAX_HOLDINGS + " songs at once.");
            }
            asked.ids().forEach(SongIds::require);
            return new Holdings(asked.ids().stream().filter(store::holds).toList());
        });
    }

    private Membership membership(String members) {
        List<String> ids = Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty() || ids.size() > MAX_MEMBERS) {
            throw SongIds.badParameter("members must list 1 to " + MAX_MEMBERS + " node ids.");
        }
        ids.forEach(ReplicationController::nodeId);
        return Membership.ofIds(ids, factor);
    }

    private static String nodeId(String id) {
        if (!NODE_ID.matcher(id).matches()) {
            throw SongIds.badParameter("'" + id + "' is not a node id.");
        }
        return id;
    }

    private static String source(String from) {
        try {
            URI uri = URI.create(from);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return from.endsWith("/") ? from.substring(0, from.length() - 1) : from;
            }
        } catch (IllegalArgumentException e) {
            // Answered below.
        }
        throw SongIds.badParameter("from must be a data node's base URL, like http://host:port.");
    }
}
