package org.dispotify.node.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.security.ClusterSecret;
import org.dispotify.ring.security.RequestSignature;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every process of a local cluster how it stands, all at once: health, who it is and its role
 * ({@code /actuator/info}), its ring neighbours ({@code /ring/view}) and, on data nodes, its song and
 * under-replicated counts ({@code /data/replication/status}, signed with the cluster secret). Each
 * call has its own timeout and any failure just leaves that field empty: a dead node is a row that
 * says DOWN, never an exception.
 */
public final class StatusProbe {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    static final String REPLICATION_STATUS = "/data/replication/status";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOST = "127.0.0.1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
    private final Optional<RequestSignature> signature;

    /** @param clusterSecret the cluster's secret, to read the replication status of data nodes */
    public StatusProbe(Optional<String> clusterSecret) {
        this.signature = clusterSecret.map(secret ->
                new RequestSignature(ClusterSecret.of(secret), Clock.systemUTC(), Duration.ofSeconds(60)));
    }

    /** One row per process, in the order given. */
    public List<NodeStatus> probe(List<ManagedProcess> processes) {
        List<CompletableFuture<NodeStatus>> rows = new ArrayList<>();
        for (ManagedProcess process : processes) {
            rows.add(process.handle().isPresent()
                    ? probe(process).completeOnTimeout(NodeStatus.down(process), 4 * CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    : CompletableFuture.completedFuture(NodeStatus.down(process)));
        }
        return rows.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<NodeStatus> probe(ManagedProcess process) {
        int port = process.port();
        CompletableFuture<Boolean> health = get(port, "/actuator/health")
                .thenApply(body -> body.map(b -> "UP".equals(b.path("status").asString())).orElse(false));
        if ("dns".equals(process.kind())) {
            return health.thenApply(up -> new NodeStatus(process.name(), process.pid(), port, "dns", up,
                    null, HOST + ":" + port, null, List.of(), null, null));
        }
        CompletableFuture<Optional<JsonNode>> info = get(port, "/actuator/info").thenApply(b -> b.map(n -> n.path("node")));
        CompletableFuture<Optional<JsonNode>> ring = get(port, "/ring/view");
        CompletableFuture<Optional<JsonNode>> replication = info.thenCompose(node ->
                node.map(n -> n.path("role").asString()).filter("data"::equals).isPresent()
                        ? get(port, REPLICATION_STATUS)
                        : CompletableFuture.completedFuture(Optional.empty()));
        return CompletableFuture.allOf(health, info, ring, replication).thenApply(done -> row(process,
                health.join(), info.join(), ring.join(), replication.join()));
    }

    private static NodeStatus row(ManagedProcess process, boolean healthy, Optional<JsonNode> info,
            Optional<JsonNode> ring, Optional<JsonNode> replication) {
        String role = info.map(n -> n.path("role").asString()).filter(r -> !r.isEmpty())
                .or(() -> ring.map(n -> n.path("role").asString()).filter(r -> !r.isEmpty()))
                .orElse(healthy ? "unknown" : "down");
        String id = info.map(n -> n.path("id").asString()).filter(s -> !s.isEmpty())
                .or(() -> ring.map(n -> n.path("nodeId").asString()).filter(s -> !s.isEmpty())).orElse(null);
        String address = info.filter(n -> n.hasNonNull("host")).map(n -> n.path("host").asString() + ":" + n.path("port").asInt())
                .orElse(null);
        String predecessor = ring.map(n -> n.path("predecessor")).filter(p -> p.isString()).map(JsonNode::asString).orElse(null);
        List<String> successors = new ArrayList<>();
        ring.ifPresent(n -> n.path("successors").forEach(s -> successors.add(s.asString())));
        Long songs = replication.filter(n -> n.has("songs")).map(n -> n.path("songs").asLong()).orElse(null);
        Long under = replication.filter(n -> n.has("underReplicated")).map(n -> n.path("underReplicated").asLong()).orElse(null);
        return new NodeStatus(process.name(), process.pid(), process.port(), role, healthy, id, address, predecessor,
                successors, songs, under);
    }

    private CompletableFuture<Optional<JsonNode>> get(int port, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path))
                .timeout(CALL_TIMEOUT).GET();
        if (path.startsWith("/data/replication")) {
            signature.ifPresent(s -> request.header(RequestSignature.HEADER, s.sign("GET", path)));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(2 * CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body()))
                        : Optional.<JsonNode>empty())
                .exceptionally(failure -> Optional.empty());
    }
}
