package org.dispotify.dns.records;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A held record as the API shows it. */
record RecordView(String name, String nodeId, String host, int port, int ttlSeconds,
        Instant registeredAt, Instant renewedAt, long expiresInMs, boolean checking) {

    static RecordView of(Registration registration, long now) {
        NameRecord record = registration.record();
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(registration.expiresAtNanos() - now));
        return new RecordView(record.name(), record.nodeId(), record.host(), record.port(), record.ttlSeconds(),
                registration.registeredAt(), registration.renewedAt(), left, registration.checking());
    }
}
