package org.dispotify.dns.resolve;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dispotify.dns.records.Registration;
import org.dispotify.dns.system.ApiDocs;
import org.dispotify.dns.system.NameServiceMetrics;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "resolve", description = "Look up the live members of a name")
class ResolveController {

    private final Resolver resolver;
    private final NameServiceMetrics metrics;

    ResolveController(Resolver resolver, NameServiceMetrics metrics) {
        this.resolver = resolver;
        this.metrics = metrics;
    }

    @GetMapping("/api/resolve/{name}")
    @Operation(operationId = "resolve", summary = "Live members of a group (data.dispotify, router.dispotify) or node "
            + "(<nodeId>.node.dispotify), shuffled")
    @ApiResponse(responseCode = "200", description = "At least one live member",
            content = @Content(mediaType = "application/json",
                    array = @ArraySchema(schema = @Schema(implementation = Member.class))))
    @ApiResponse(responseCode = "404", description = "No live member under this name",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiDocs.UNKNOWN_NAME)))
    List<Member> resolve(@Parameter(example = "data.dispotify") @PathVariable String name) {
        List<Registration> members = resolver.resolve(name);
        metrics.query("http", members.isEmpty() ? "NXDOMAIN" : "NOERROR");
        if (members.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No live member under '" + name + "'");
            problem.setTitle("Unknown name");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        }
        List<Member> answer = new ArrayList<>(members.size());
        members.forEach(m -> answer.add(Member.of(m)));
        return answer;
    }
}
