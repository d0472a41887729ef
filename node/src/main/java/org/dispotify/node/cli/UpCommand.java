package org.dispotify.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dispotify.node.local.ChildLauncher;
import org.dispotify.node.local.ClusterState;
import org.dispotify.node.local.Health;
import org.dispotify.node.local.LocalCluster;
import org.dispotify.node.local.ManagedProcess;
import org.dispotify.node.local.SongUploader;
import org.dispotify.node.local.StartProgress;
import org.dispotify.node.local.StateDir;
import org.dispotify.node.local.UploadTargets;
import org.dispotify.ring.naming.NameServer;
import org.dispotify.ring.naming.NameServiceClient;
import org.springframework.web.reactive.function.client.WebClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dispotify up}: a whole cluster on this machine, until Ctrl-C or `dispotify down`. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a name service and N auto-role nodes on 127.0.0.1, load the demo library, and wait for Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "${env:DISPOTIFY_NODES:-5}", description = "How many nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    /** Demo songs sent at a time. */
    private static final int DEMO_PARALLEL = 3;

    @Option(names = "--no-demo", description = "Do not load the demo library.")
    boolean noDemo;

    @Option(names = "--dns-http-port", defaultValue = "8500", description = "Name service HTTP port (default: ${DEFAULT-VALUE}).")
    int dnsHttpPort;

    @Option(names = "--dns-port", defaultValue = "8600", description = "Name service DNS port, UDP and TCP (default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Option(names = "--first-port", defaultValue = "8081", description = "First node's port; node i listens on first-port + i (default: ${DEFAULT-VALUE}).")
    int firstPort;

    @Option(names = "--samples", defaultValue = "${env:DISPOTIFY_SAMPLES:-samples}", description = "Demo library folder (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Override
    public Integer call() throws IOException {
        long began = System.nanoTime();
        if (nodes < 1 || nodes > 50) {
            throw new CliException("--nodes must be between 1 and 50, was " + nodes);
        }
        Validation.port("--dns-http-port", dnsHttpPort);
        Validation.port("--dns-port", dnsPort);
        Validation.port("--first-port", firstPort);
        Validation.port("--first-port + --nodes", firstPort + nodes - 1);
        LocalCluster.PortPlan ports = new LocalCluster.PortPlan(dnsHttpPort, dnsPort, firstPort);
        StateDir state = new StateDir(dir);
        LocalCluster cluster = new LocalCluster(state, ports, nodes, System.out, StartProgress.onStandardOutput());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "dispotify-up-stop"));
        System.out.printf("Dispotify: starting a name service and %d nodes (state in %s)%n", nodes, state.root());
        ClusterState running;
        try {
            running = cluster.start(ChildLauncher.currentJar());
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
        if (!noDemo) {
            loadDemo(state, ports);
        }
        printTable(running, ports, state.secret(state.uploadToken()));
        System.out.printf("Up in %.1f s. Press Ctrl-C to stop (or run ./dispotify down).%n", (System.nanoTime() - began) / 1e9);
        cluster.awaitStop();
        return 0;
    }

    private void loadDemo(StateDir state, LocalCluster.PortPlan ports) throws IOException {
        if (!Files.isDirectory(samples)) {
            System.out.printf("No demo library at %s; skipping it (upload your own with ./dispotify upload).%n", samples);
            return;
        }
        List<Path> files = SongUploader.expand(List.of(samples));
        System.out.printf("Loading the demo library (%d songs from %s):%n", files.size(), samples);
        NameServiceClient names = new NameServiceClient(WebClient.builder(),
                List.of(new NameServer("127.0.0.1", ports.dnsHttp())), Duration.ofSeconds(2));
        SongUploader uploader = new SongUploader(new UploadTargets(names),
                Optional.of(state.secret(state.uploadToken())), System.out, false);
        // A few at a time: each upload waits mostly on its stores and copies, and a data node takes 4 at once.
        int failed = uploader.uploadAll(files, Map.of(), DEMO_PARALLEL);
        if (failed > 0) {
            System.out.printf("%d demo songs were not loaded (see above).%n", failed);
        }
    }

    private static void printTable(ClusterState running, LocalCluster.PortPlan ports, String uploadToken) {
        Health health = new Health();
        System.out.println();
        System.out.printf("%-12s %-7s %-8s %-8s %s%n", "NAME", "PORT", "ROLE", "PID", "URL");
        String player = null;
        for (ManagedProcess process : running.processes()) {
            String role = "dns".equals(process.kind()) ? "dns" : health.role("127.0.0.1", process.port()).orElse("?");
            String url = "http://127.0.0.1:" + process.port() + "/";
            if ("dns".equals(role)) {
                url = "http://127.0.0.1:" + process.port() + "/swagger-ui.html  (DNS on " + ports.dns() + " udp+tcp)";
            }
            if ("router".equals(role) && player == null) {
                // The fragment never reaches a server log; the player keeps the token and drops it from the address bar.
                player = "http://127.0.0.1:" + process.port() + "/#token=" + uploadToken;
            }
            System.out.printf("%-12s %-7d %-8s %-8d %s%n", process.name(), process.port(), role, process.pid(), url);
        }
        System.out.println();
        System.out.println(player == null ? "No router is up, so there is no player URL." : "Player: " + player);
    }
}
