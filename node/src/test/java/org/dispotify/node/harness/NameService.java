package org.dispotify.node.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The cluster's name service process ({@code dispotify dns}) on 127.0.0.1. */
public final class NameService {

    private final int httpPort;
    private final int dnsPort;
    private final Http http;
    volatile ManagedJvm jvm;

    NameService(int httpPort, int dnsPort, Http http) {
        this.httpPort = httpPort;
        this.dnsPort = dnsPort;
        this.http = http;
    }

    public int httpPort() {
        return httpPort;
    }

    public int dnsPort() {
        return dnsPort;
    }

    /** host:port for {@code --name-servers}. */
    public String address() {
        return "127.0.0.1:" + httpPort;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public ManagedJvm jvm() {
        return jvm;
    }

    public boolean healthy() {
        return http.status(uri("/actuator/health")) == 200;
    }

    /**
     * Node ids {@code GET /api/resolve/{group}} answers now (only members the name service believes
     * live), or null if the name service did not answer.
     */
    public List<String> resolve(String group) {
        return http.json(uri("/api/resolve/" + group)).map(NameService::ids).orElse(null);
    }

    private static List<String> ids(JsonNode members) {
        List<String> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.path("nodeId").asString()));
        return ids;
    }
}
