package org.dispotify.node.harness;

import java.net.URI;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** One node of the cluster: its spec (kept across restarts) and the JVM running it now, if any. */
public final class Node {

    private final Http http;
    private volatile NodeSpec spec;
    volatile ManagedJvm jvm;
    volatile int starts;

    Node(NodeSpec spec, Http http) {
        this.spec = spec;
        this.http = http;
    }

    public String id() {
        return spec.id();
    }

    public NodeSpec spec() {
        return spec;
    }

    void spec(NodeSpec next) {
        this.spec = next;
    }

    public ManagedJvm jvm() {
        return jvm;
    }

    /** Running and not paused. */
    public boolean live() {
        ManagedJvm current = jvm;
        return current != null && current.alive() && !current.paused();
    }

    public URI uri(String path) {
        return URI.create("http://" + spec.host() + ":" + spec.port() + path);
    }

    public boolean healthy() {
        return http.json(uri("/actuator/health")).map(h -> h.path("status").asString().equals("UP")).orElse(false);
    }

    /** {@code GET /ring/view}, empty if the node did not answer in time. */
    public Optional<RingView> view() {
        return http.json(uri("/ring/view"), RingView.class);
    }

    /** The role {@code /actuator/info} reports ({@code node.role}), empty if the node did not answer. */
    public Optional<String> role() {
        return http.json(uri("/actuator/info")).map(info -> info.path("node").path("role"))
                .filter(JsonNode::isString).map(JsonNode::asString);
    }

    @Override
    public String toString() {
        return spec.id() + "@" + spec.host() + ":" + spec.port() + (jvm == null ? "" : " " + jvm);
    }
}
