package org.dispotify.node.harness.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;
import tools.jackson.databind.JsonNode;

/**
 * What each live data node says about its replication while a check runs: every {@code every}, one line
 * of {@code songs/underReplicated} per node from {@code /data/replication/status}. When a durability check
 * fails, this tells re-replication still under way (counts falling) from copies that stopped (counts flat).
 */
public final class ReplicationWatch implements AutoCloseable {

    private static final String PATH = "/data/replication/status";

    private final Cluster cluster;
    private final RouterClient client = new RouterClient(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replication-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> lines = new ArrayList<>();
    private final long start = System.nanoTime();

    private ReplicationWatch(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Starts sampling now and every {@code every} until closed. */
    public static ReplicationWatch start(Cluster cluster, Duration every) {
        ReplicationWatch watch = new ReplicationWatch(cluster);
        watch.timer.scheduleWithFixedDelay(watch::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void sample() {
        StringJoiner line = new StringJoiner(" ", "+" + (System.nanoTime() - start) / 1_000_000_000 + " s: ", "");
        for (Node node : cluster.live()) {
            if (node.role().filter("data"::equals).isEmpty()) {
                continue;
            }
            Optional<JsonNode> status = client.getJson(node.uri(PATH), cluster.sign("GET", PATH));
            line.add(node.id() + " " + status.map(s -> s.path("songs").asLong() + "/" + s.path("underReplicated").asLong())
                    .orElse("?"));
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    /** The samples so far, oldest first, each as {@code +T s: id songs/under ...}. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
