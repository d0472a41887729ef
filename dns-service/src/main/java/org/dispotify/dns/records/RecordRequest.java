package org.dispotify.dns.records;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /api/records}. */
@Schema(description = "A registration or renewal")
record RecordRequest(
        @Schema(description = "Lowercase DNS name under dispotify, not under node.dispotify",
                example = "data.dispotify")
        @NotBlank @Size(max = RecordNames.MAX_NAME_LENGTH)
        @Pattern(regexp = RecordNames.GROUP_NAME,
                message = "must be a lowercase DNS name under dispotify (e.g. data.dispotify), "
                        + "not under node.dispotify")
        String name,

        @Schema(description = "The node's id: one lowercase DNS label", example = "node-8081")
        @NotBlank
        @Pattern(regexp = RecordNames.LABEL, message = "must be one lowercase DNS label (a-z, 0-9, '-', 1..63 chars)")
        String nodeId,

        @Schema(description = "IPv4 literal or hostname the node is reached at", example = "127.0.0.1")
        @NotBlank @Size(max = RecordNames.MAX_NAME_LENGTH)
        @Pattern(regexp = RecordNames.HOST, message = "must be an IPv4 address or a hostname")
        String host,

        @Schema(description = "HTTP port", example = "8081", minimum = "1", maximum = "65535")
        @NotNull @Min(1) @Max(65535)
        Integer port,

        @Schema(description = "Seconds until the record expires unless renewed; default 10",
                example = "10", minimum = "1", maximum = "3600", nullable = true)
        @Min(1) @Max(3600)
        Integer ttlSeconds) {

    NameRecord toRecord(int defaultTtlSeconds) {
        return new NameRecord(name, nodeId, host, port, ttlSeconds == null ? defaultTtlSeconds : ttlSeconds);
    }
}
