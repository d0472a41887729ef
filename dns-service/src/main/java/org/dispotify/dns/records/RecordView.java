package org.dispotify.dns.records;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.swagger.v3.oas.annotations.media.Schema;

/** A held record as the API shows it. */
@Schema(description = "A held record with its TTL state")
record RecordView(@Schema(example = "data.dispotify") String name,
        @Schema(example = "node-8081") String nodeId,
        @Schema(example = "127.0.0.1") String host,
        @Schema(example = "8081") int port,
        @Schema(example = "10") int ttlSeconds,
        @Schema(example = "2026-05-01T12:00:00Z") Instant registeredAt,
        @Schema(description = "Last registration or renewal", example = "2026-05-01T12:03:20Z") Instant renewedAt,
        @Schema(description = "Milliseconds until the TTL runs out; 0 once it has", example = "6650") long expiresInMs,
        @Schema(description = "The TTL ran out and the owner's one health check is in flight", example = "false")
        boolean checking) {

    static RecordView of(Registration registration, long now) {
        NameRecord record = registration.record();
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(registration.expiresAtNanos() - now));
        return new RecordView(record.name(), record.nodeId(), record.host(), record.port(), record.ttlSeconds(),
                registration.registeredAt(), registration.renewedAt(), left, registration.checking());
    }
}
