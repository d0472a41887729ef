package org.dispotify.data.replication;

import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.data.song.SongIds;
import org.dispotify.data.store.CoverStore;
import org.dispotify.data.system.DataApiDocs;
import org.dispotify.data.system.DataSchedulers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Data node to data node: a cover's bytes by their SHA-256, read past the cache and checked. */
@RestController
@Tag(name = "Replication")
class CoverReplicationController {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final CoverStore covers;
    private final DataSchedulers schedulers;

    CoverReplicationController(CoverStore covers, DataSchedulers schedulers) {
        this.covers = covers;
        this.schedulers = schedulers;
    }

    @GetMapping(path = ReplicaClient.BASE + "/covers/{sha256}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "getVerifiedCover",
            summary = "A cover's bytes by their SHA-256, checked against it (500 if damaged)",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The cover's bytes",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "Not a SHA-256",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.BAD_PARAMETER)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "404", description = "No cover with that hash on this node",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.NO_COVER)))
    @ApiResponse(responseCode = "500", description = "The stored cover does not match its hash; it is being repaired",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.DAMAGED_COVER)))
    Mono<ResponseEntity<byte[]>> cover(@Parameter(example = DataApiDocs.COVER_ID) @PathVariable String sha256) {
        return Mono.defer(() -> {
            if (!SHA256.matcher(sha256).matches()) {
                return Mono.error(SongIds.badParameter("A cover is named by its SHA-256: 64 lowercase hex characters."));
            }
            return Mono.fromCallable(() -> covers.readVerified(sha256)).subscribeOn(schedulers.io());
        }).map(cover -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(cover.bytes()))
                .switchIfEmpty(Mono.error(() -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                            "No cover " + sha256 + " on this node.");
                    problem.setTitle("No cover");
                    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
                }));
    }
}
