package org.dispotify.dns.resolve;

import io.swagger.v3.oas.annotations.media.Schema;
import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.records.Registration;

/** One live member of a name, as {@code GET /api/resolve/{name}} returns it. */
@Schema(description = "A live member of a name")
record Member(@Schema(example = "node-8081") String nodeId,
              @Schema(example = "127.0.0.1") String host,
              @Schema(example = "8081") int port,
              @Schema(example = "10") int ttlSeconds) {

    static Member of(Registration registration) {
        NameRecord record = registration.record();
        return new Member(record.nodeId(), record.host(), record.port(), record.ttlSeconds());
    }
}
