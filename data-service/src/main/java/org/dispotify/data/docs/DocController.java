package org.dispotify.data.docs;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.crdt.Document;
import org.dispotify.data.system.DataApiDocs;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Replicated documents of personal state on this data node ({@code /data/docs}): routers read a user's
 * documents from their owners and write by sending state to merge; data nodes compare digests and send
 * each other what differs. Members only when the cluster has a secret (the routers sign their calls).
 */
@RestController
@RequestMapping(DocController.BASE)
@Tag(name = "Documents", description = "Internal: personal state (accounts, playlists, favourites) as CRDT documents "
        + "merged on write (cluster signature required when a secret is set)")
class DocController {

    static final String BASE = "/data/docs";
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_PAGE = 1000;

    /** A document and its digest. */
    record DocResponse(String key, String digest, Document doc) {

        static DocResponse of(StoredDoc stored) {
            return new DocResponse(stored.key(), stored.digest(), stored.doc());
        }
    }

    /** Keys and digests in key order; {@code next} is the {@code after} of the next page, null at the end. */
    record DocPage(List<DocDigest> items, String next) {
    }

    private final DocStore store;

    DocController(DocStore store) {
        this.store = store;
    }

    @GetMapping(path = "/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDocument", summary = "One document as this node holds it",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "The document and its digest", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = DocResponse.class),
            examples = @ExampleObject(value = DocApiDocs.STORED)))
    @ApiResponse(responseCode = "400", description = "Not a document key", content = @Content(mediaType = DataApiDocs.PROBLEM_JSON,
            schema = @Schema(implementation = ProblemDetail.class), examples = @ExampleObject(value = DocApiDocs.BAD_KEY)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "404", description = "Not on this node", content = @Content(mediaType = DataApiDocs.PROBLEM_JSON,
            schema = @Schema(implementation = ProblemDetail.class), examples = @ExampleObject(value = DocApiDocs.NOT_FOUND)))
    Mono<DocResponse> get(@Parameter(example = DocApiDocs.KEY) @PathVariable String key) {
        String checked = DocKeys.checked(key);
        return store.get(checked)
                .switchIfEmpty(Mono.error(() -> DocKeys.problem(HttpStatus.NOT_FOUND, "Document not found",
                        "No document " + checked + " on this node.")))
                .map(DocResponse::of);
    }

    @PutMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "mergeDocument", summary = "Merge state into a document",
            description = "The body is merged into what this node holds under the key (nothing: the empty document) "
                    + "with each field's CRDT merge, so a write sent twice, late or out of order changes nothing more. "
                    + "The answer, once the result is in SQLite, is the merged document: a router that sends its whole "
                    + "copy learns what others wrote.",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = Document.class),
            examples = @ExampleObject(value = DocApiDocs.DOCUMENT)))
    @ApiResponse(responseCode = "200", description = "Merged and stored; the document now held", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = DocResponse.class),
            examples = @ExampleObject(value = DocApiDocs.STORED)))
    @ApiResponse(responseCode = "400", description = "Not a document key, or the body is not a document (nothing stored)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "key", value = DocApiDocs.BAD_KEY),
                            @ExampleObject(name = "body", value = DocApiDocs.NOT_A_DOCUMENT)}))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "413", description = "Body over 1 MiB (nothing stored)", content = @Content(
            mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
            examples = @ExampleObject(value = DocApiDocs.TOO_LARGE)))
    Mono<DocResponse> merge(@Parameter(example = DocApiDocs.KEY) @PathVariable String key, ServerHttpRequest request) {
        String checked = DocKeys.checked(key);
        // A declared length over the limit is refused before the body is read: the server then finishes the
        // exchange cleanly, where cancelling a body half read resets the connection under the client's feet.
        if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            return Mono.error(tooLarge());
        }
        return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .switchIfEmpty(Mono.error(() -> notADocument("the body is empty")))
                .map(bytes -> {
                    try {
                        return DocJson.read(bytes);
                    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                        throw notADocument(e.getMessage());
                    }
                })
                .flatMap(doc -> store.merge(checked, doc))
                .map(DocResponse::of);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDocuments", summary = "Keys and digests of the documents held here",
            description = "In key order after `after`, at most `limit` (1-" + MAX_PAGE + "); what anti-entropy compares.",
            security = @SecurityRequirement(name = DataApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "200", description = "One page", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = DocPage.class), examples = @ExampleObject(value = DocApiDocs.PAGE)))
    @ApiResponse(responseCode = "400", description = "limit out of range, or after not a document key",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DocApiDocs.BAD_LIMIT)))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = DataApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = DataApiDocs.CLUSTER_AUTH_REQUIRED)))
    Mono<DocPage> list(@Parameter(example = "favorites:alice") @RequestParam(required = false) String after,
                       @RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(DocKeys.problem(HttpStatus.BAD_REQUEST, "Bad parameter",
                    "limit must be between 1 and " + MAX_PAGE + "."));
        }
        String from = after == null ? null : DocKeys.checked(after);
        return store.page(from, limit).map(items -> new DocPage(items,
                items.size() < limit ? null : items.get(items.size() - 1).key()));
    }

    private static RuntimeException tooLarge() {
        return DocKeys.problem(HttpStatus.CONTENT_TOO_LARGE, "Document too large",
                "A document body is at most " + MAX_BODY_BYTES + " bytes.");
    }

    private static RuntimeException notADocument(String why) {
        String detail = why == null ? "not a document" : why.lines().findFirst().orElse(why);
        return DocKeys.problem(HttpStatus.BAD_REQUEST, "Not a document",
                detail + ": a document has registers, sets, maps, counters and lists.");
    }
}
