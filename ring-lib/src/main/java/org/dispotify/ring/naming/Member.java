package org.dispotify.ring.naming;

/** A live member of a name-service group, as {@code GET /api/resolve/{name}} returns it. */
public record Member(String nodeId, String host, int port, int ttlSeconds) {

    /** The member's HTTP base URL. */
    public String baseUrl() {
        return "http://" + host + ":" + port;
    }
}
