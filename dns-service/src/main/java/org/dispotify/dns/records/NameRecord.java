package org.dispotify.dns.records;

/** What a registrant declares: this node answers for {@code name} at {@code host:port}. */
public record NameRecord(String name, String nodeId, String host, int port, int ttlSeconds) {

    public RecordKey key() {
        return new RecordKey(name, nodeId);
    }
}
