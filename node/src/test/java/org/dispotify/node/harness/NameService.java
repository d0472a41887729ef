package org.dispotify.node.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The cluster's name service process ({@code dispotify dns}): on 127.0.0.1, or on the bridge of an isolated cluster. */
public final class NameService {

    private final String host;
    private final int httpPort;
    private final int dnsPort;
    private final Http http;
    volatile ManagedJvm jvm;

    NameService(String host, int httpPort, int dnsPort, Http http) {
        this.host = host;
        this.httpPort = httpPort;
        this.dnsPort = dnsPort;
        this.http = http;
    }

    public String host() {
        return host;
    }

    public int httpPort() {
        return httpPort;
    }

    public int dnsPort() {
        return dnsPort;
    }

    /** host:port for {@code --name-servers}. */
    public String address() {
        return host + ":" + httpPort;
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + httpPort + path);
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
