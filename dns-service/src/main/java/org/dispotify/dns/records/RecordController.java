package org.dispotify.dns.records;

import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.dispotify.dns.system.ApiDocs;
import org.dispotify.dns.system.NameServiceProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration, renewal and removal of records. All in memory; SQLite is written behind. */
@RestController
@RequestMapping("/api/records")
@Tag(name = "records", description = "Register, renew, list and remove name-service records")
class RecordController {

    private static final Comparator<RecordView> ORDER =
            Comparator.comparing(RecordView::name).thenComparing(RecordView::nodeId);

    private final RecordRegistry registry;
    private final int defaultTtlSeconds;

    RecordController(RecordRegistry registry, NameServiceProperties properties) {
        this.registry = registry;
        this.defaultTtlSeconds = properties.dns().defaultTtlSeconds();
    }

    @PutMapping
    @Operation(operationId = "putRecord", summary = "Register a record, or renew it (restarts its TTL)",
            security = @SecurityRequirement(name = ApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "200", description = "Renewed")
    @ApiResponse(responseCode = "400", description = "Invalid record, unknown field or malformed JSON",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = {@ExampleObject(name = "invalid", value = ApiDocs.INVALID_RECORD),
                            @ExampleObject(name = "unknown-field", value = ApiDocs.MALFORMED_JSON)}))
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiDocs.CLUSTER_AUTH_REQUIRED)))
    ResponseEntity<RecordView> put(@Valid @RequestBody RecordRequest request) {
        RecordRegistry.Registered registered = registry.register(request.toRecord(defaultTtlSeconds));
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(RecordView.of(registered.registration(), registry.now()));
    }

    @DeleteMapping("/{name}/{nodeId}")
    @Operation(operationId = "deleteRecord",
            summary = "Remove a node's record under a name (deregistration, or a dead verdict)",
            security = @SecurityRequirement(name = ApiDocs.CLUSTER_SIGNATURE))
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "401", description = "No valid member signature (only when the cluster has a secret)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiDocs.CLUSTER_AUTH_REQUIRED)))
    @ApiResponse(responseCode = "404", description = "No such record",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiDocs.RECORD_NOT_FOUND)))
    ResponseEntity<Void> delete(@Parameter(example = "data.dispotify") @PathVariable String name,
                                @Parameter(example = "node-8081") @PathVariable String nodeId) {
        if (!registry.remove(name, nodeId)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No record of node '" + nodeId + "' under '" + name + "'");
            problem.setTitle("Record not found");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(operationId = "listRecords", summary = "List every held record with its TTL state")
    @ApiResponse(responseCode = "200", description = "All records, ordered by name and node id")
    List<RecordView> all() {
        long now = registry.now();
        return registry.all().stream().map(r -> RecordView.of(r, now)).sorted(ORDER).toList();
    }
}
