package org.dispotify.dns.resolve;

import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.records.Registration;

/** One live member of a name, as {@code GET /api/resolve/{name}} returns it. */
record Member(String nodeId, String host, int port, int ttlSeconds) {

    static Member of(Registration registration) {
        NameRecord record = registration.record();
        return new Member(record.nodeId(), record.host(), record.port(), record.ttlSeconds());
    }
}
