package org.dispotify.node.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dispotify.node.local.ClusterState;
import org.dispotify.node.local.Health;
import org.dispotify.node.local.ManagedProcess;
import org.dispotify.node.local.StateDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code dispotify status}: what the local cluster runs and whether each process is healthy. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the local cluster's processes, roles and health.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", description = "Print a JSON array: [{name, pid, port, role, healthy}].")
    boolean json;

    /** One process as `status --json` prints it. */
    public record ProcessStatus(String name, long pid, int port, String role, boolean healthy) {
    }

    @Override
    public Integer call() {
        StateDir state = new StateDir(dir);
        Optional<ClusterState> running = ClusterState.read(state);
        List<ProcessStatus> rows = new ArrayList<>();
        Health health = new Health();
        running.ifPresent(cluster -> {
            for (ManagedProcess process : cluster.processes()) {
                boolean alive = process.handle().isPresent();
                boolean healthy = alive && health.healthy("127.0.0.1", process.port());
                String role = "dns".equals(process.kind()) ? "dns"
                        : alive ? health.role("127.0.0.1", process.port()).orElse("unknown") : "down";
                rows.add(new ProcessStatus(process.name(), process.pid(), process.port(), role, healthy));
            }
        });
        if (json) {
            System.out.println(JsonMapper.builder().build().writeValueAsString(rows));
            return 0;
        }
        if (rows.isEmpty()) {
            System.out.println("Nothing is running from " + state.root() + ". Start a cluster with ./dispotify up");
            return 0;
        }
        System.out.printf("%-12s %-8s %-7s %-8s %s%n", "NAME", "PID", "PORT", "ROLE", "HEALTH");
        rows.forEach(row -> System.out.printf("%-12s %-8d %-7d %-8s %s%n", row.name(), row.pid(), row.port(), row.role(),
                row.healthy() ? "up" : "DOWN"));
        return 0;
    }
}
