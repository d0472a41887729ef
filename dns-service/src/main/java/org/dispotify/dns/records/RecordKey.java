package org.dispotify.dns.records;

/** One registration: a node under a name. */
public record RecordKey(String name, String nodeId) {
}
