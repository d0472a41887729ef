package org.dispotify.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dispotify.node.local.ClusterState;
import org.dispotify.node.local.NodeStatus;
import org.dispotify.node.local.StatusProbe;
import org.dispotify.node.local.StatusTable;
import org.dispotify.node.local.StateDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code dispotify status}: per process of the local cluster, its role, ring neighbours, songs and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local cluster: per process its role, node id, address, ring neighbours, songs, "
                + "under-replicated songs and health.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", description = "Print a JSON array, one object per process: {name, pid, port, role, healthy, "
            + "id, address, predecessor, successors, songs, underReplicated}.")
    boolean json;

    @Override
    public Integer call() {
        StateDir state = new StateDir(dir);
        Optional<ClusterState> running = ClusterState.read(state);
        List<NodeStatus> rows = running.map(cluster -> new StatusProbe(clusterSecret(state)).probe(cluster.processes()))
                .orElse(List.of());
        if (json) {
            System.out.println(JsonMapper.builder().build().writeValueAsString(rows));
            return 0;
        }
        if (rows.isEmpty()) {
            System.out.println("Nothing is running from " + state.root() + ". Start a cluster with ./dispotify up");
            return 0;
        }
        System.out.print(StatusTable.render(rows));
        return 0;
    }

    /** The secret `up` generated (read, never created here), else DISPOTIFY_CLUSTER_SECRET. */
    private static Optional<String> clusterSecret(StateDir state) {
        Path file = state.clusterSecret();
        if (Files.isReadable(file)) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> s.length() >= 16);
            } catch (IOException e) {
                // Fall back to the environment: without a secret only the replication column stays empty.
            }
        }
        return Optional.ofNullable(System.getenv(ClusterSecretOption.SECRET_ENV)).map(String::strip).filter(s -> s.length() >= 16);
    }
}
