package org.dispotify.node.harness.workload;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.Waits;
import tools.jackson.databind.JsonNode;

/**
 * The end-of-run check: every acknowledged upload is readable in full from the cluster (through a
 * router, byte for byte) and held complete by at least {@code copies} live data nodes (each copy read
 * back and compared). Replication catches up in the background, so the check polls until it holds or
 * the limit passes, then reports what is still wrong.
 */
public final class Durability {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_ID_PAGES = 100;

    private final Cluster cluster;
    private final RouterClient client = new RouterClient(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(5));
    private final Routers routers;
    private Duration listedAt;

    private Durability(Cluster cluster) {
        this.cluster = cluster;
        this.routers = Routers.of(cluster);
    }

    /**
     * @param acknowledged how many acknowledged songs were checked
     * @param lost         not readable in full from any live data node nor through a router
     * @param underReplicated held complete by fewer than {@code copies} live data nodes (but not lost)
     * @param took         from the start of the check until it held (or the limit)
     * @param listed       from the start of the check until every song was listed by {@code copies} data
     *                     nodes (the copies were then read back, which takes a while for many songs): when
     *                     replication had caught up; null if it never was
     * @param problem      the first thing still wrong, or null
     */
    public record Verdict(int acknowledged, int copies, List<String> lost, List<String> underReplicated, Duration took,
                          Duration listed, String problem) {

        public boolean holds() {
            return lost.isEmpty() && underReplicated.isEmpty() && problem == null;
        }

        @Override
        public String toString() {
            return acknowledged + " acknowledged: " + lost.size() + " lost, " + underReplicated.size() + " with fewer than "
                    + copies + " copies" + (problem == null ? "" : " (" + problem + ")") + ", all listed on " + copies
                    + " nodes after " + (listed == null ? "-" : listed.toMillis()) + " ms, read back by " + took.toMillis() + " ms";
        }
    }

    /** Polls (at most {@code limit}) until every acknowledged song is on {@code copies} live data nodes and readable. */
    public static Verdict check(Cluster cluster, Map<String, byte[]> acknowledged, int copies, Duration limit) {
        Map<String, Content> expected = new LinkedHashMap<>();
        acknowledged.forEach((id, bytes) -> expected.put(id, Content.bytes(bytes)));
        return new Durability(cluster).run(expected, copies, limit);
    }

    /**
     * As {@link #check(Cluster, Map, int, Duration)} for songs too big to keep in memory: each id is the
     * SHA-256 the uploader computed from the file it sent, so a copy is intact when the SHA-256 of its
     * bytes (hashed as they arrive) is its id.
     */
    public static Verdict checkDigests(Cluster cluster, Collection<String> ids, int copies, Duration limit) {
        Map<String, Content> expected = new LinkedHashMap<>();
        ids.forEach(id -> expected.put(id, Content.sha256(id)));
        return new Durability(cluster).run(expected, copies, limit);
    }

    /** {@link #check(Cluster, Map, int, Duration)} with 2 copies, the replication factor. */
    public static Verdict check(Cluster cluster, Map<String, byte[]> acknowledged, Duration limit) {
        return check(cluster, acknowledged, 2, limit);
    }

    private Verdict run(Map<String, Content> acknowledged, int copies, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Verdict last;
        while (true) {
            last = once(acknowledged, copies, start);

            if (last.holds() || System.nanoTime() >= deadline) {
                return last;
            }
            Waits.sleep(POLL);
        }
    }

    private Verdict once(Map<String, Content> acknowledged, int copies, long start) {
        Map<String, Node> dataNodes = new LinkedHashMap<>();
        for (Node node : cluster.live()) {
            if (node.role().filter("data"::equals).isPresent()) {
                dataNodes.put(node.id(), node);
            }
        }
        Map<String, Set<String>> holders = new HashMap<>();
        for (Node node : dataNodes.values()) {
            Optional<Set<String>> held = heldIds(node);
            if (held.isEmpty()) {
                return verdict(acknowledged, copies, List.of(), List.of(), start, node.id() + " did not list its songs");
            }
            held.get().forEach(id -> holders.computeIfAbsent(id, k -> new HashSet<>()).add(node.id()));
        }
        // Cheap test first: while some song has too few holders listed, do not read every byte yet.
        List<String> few = acknowledged.keySet().stream()
                .filter(id -> holders.getOrDefault(id, Set.of()).size() < copies).sorted().toList();
        List<String> lost = new ArrayList<>();
        List<String> under = new ArrayList<>();
        if (few.isEmpty() && listedAt == null) {
            listedAt = Duration.ofNanos(System.nanoTime() - start);
        }
        if (!few.isEmpty()) {
            for (String id : few) {
                if (holders.getOrDefault(id, Set.of()).isEmpty() && !readable(id, acknowledged.get(id))) {
                    lost.add(id);
                } else {
                    under.add(id);
                }
            }
            return verdict(acknowledged, copies, lost, under, start, null);
        }
        for (Map.Entry<String, Content> song : acknowledged.entrySet()) {
            int intact = 0;
            for (String holder : holders.get(song.getKey())) {
                URI uri = dataNodes.get(holder).uri("/");
                if (client.audioIs(uri, song.getKey(), song.getValue())) {
                    intact++;
                }
            }
            if (!readable(song.getKey(), song.getValue())) {
                (intact == 0 ? lost : under).add(song.getKey());
            } else if (intact < copies) {
                under.add(song.getKey());
            }
        }
        return verdict(acknowledged, copies, lost, under, start, null);
    }

    /** Through a router, as a listener reads it: each router the name service lists now, until one serves it. */
    private boolean readable(String id, Content expected) {
        for (Routers.Pick pick : routers.resolve()) {
            if (client.stream(pick.uri(), id, expected).outcome() == Operation.Outcome.OK) {
                return true;
            }
        }
        return false;
    }

    private Optional<Set<String>> heldIds(Node node) {
        Set<String> ids = new HashSet<>();
        String after = null;
        for (int page = 0; page < MAX_ID_PAGES; page++) {
            String pathAndQuery = "/data/replication/ids?limit=5000" + (after == null ? "" : "&after=" + after);
            Optional<JsonNode> body = client.getJson(node.uri(pathAndQuery), cluster.sign("GET", pathAndQuery));
            if (body.isEmpty()) {
                return Optional.empty();
            }
            body.get().path("ids").forEach(id -> ids.add(id.asString()));
            JsonNode next = body.get().path("next");
            if (next.isNull() || next.isMissingNode()) {
                return Optional.of(ids);
            }
            after = next.asString();
        }
        throw new IllegalStateException(node.id() + " listed more than " + MAX_ID_PAGES + " pages of ids");
    }

    private Verdict verdict(Map<String, Content> acknowledged, int copies, List<String> lost, List<String> under,
                            long start, String problem) {
        return new Verdict(acknowledged.size(), copies, List.copyOf(lost), List.copyOf(under),
                Duration.ofNanos(System.nanoTime() - start), listedAt, problem);
    }
}
