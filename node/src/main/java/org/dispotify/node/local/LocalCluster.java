package org.dispotify.node.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.dispotify.node.cli.CliException;
import org.dispotify.node.startup.ServerKind;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;

/**
 * `dispotify up`: a name service and N auto-role nodes as child JVMs on 127.0.0.1. The nodes start
 * together, each in the role the ratio rule gives it in join order, so the cluster lands on the
 * 2 data : 3 routers split; they are auto-role nodes and the ring may switch them later.
 */
public final class LocalCluster {

    /** The ports of a local cluster: the name service's HTTP and DNS ports, and the first node's. */
    public record PortPlan(int dnsHttp, int dns, int firstNode) {

        public static final PortPlan DEFAULT = new PortPlan(8500, 8600, 8081);

        public int node(int index) {
            return firstNode + index;
        }
    }

    private static final String HOST = "127.0.0.1";
    private static final Duration DNS_START_LIMIT = Duration.ofSeconds(90);
    private static final Duration NODE_START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(250);

    private final StateDir dir;
    private final PortPlan ports;
    private final int nodes;
    private final PrintStream out;
    private final StartProgress progress;
    private final Health health = new Health();
    private final AtomicReference<ClusterState> state = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    public LocalCluster(StateDir dir, PortPlan ports, int nodes, PrintStream out, StartProgress progress) {
        this.dir = dir;
        this.ports = ports;
        this.nodes = nodes;
        this.out = out;
        this.progress = progress;
    }

    /** Starts everything and returns once all processes are healthy; {@link #stop()} undoes it. */
    public ClusterState start(Path jar) {
        refuseIfRunning();
        checkPortsFree();
        ChildLauncher launcher = new ChildLauncher(jar, dir, Map.of(
                "DISPOTIFY_CLUSTER_SECRET", dir.secret(dir.clusterSecret()),
                "DISPOTIFY_UPLOAD_TOKEN", dir.secret(dir.uploadToken())), out);
        state.set(new ClusterState(ManagedProcess.of("up", "up", ProcessHandle.current(), 0), List.of()));
        state.get().write(dir);

        List<Starting> dns = List.of(launch(launcher, "dns", ServerKind.DNS, ports.dnsHttp(), List.of(
                "dns", "--port", Integer.toString(ports.dnsHttp()), "--dns-port", Integer.toString(ports.dns()),
                "--bind", HOST, "--dir", dir.processDir("dns").toString())));
        awaitReady(launcher, dns, DNS_START_LIMIT);
        // Every node starts at once, each told the role it would take joining in this order, so the
        // cluster comes up at the speed of one node rather than N; they stay auto and may switch later.
        List<Starting> starting = new ArrayList<>();
        int data = 0;
        int routers = 0;
        for (int i = 0; i < nodes; i++) {
            int port = ports.node(i);
            String name = "node-" + port;
            Role role = RoleRatio.roleForNewcomer(data, routers);
            if (role == Role.DATA) {
                data++;
            } else {
                routers++;
            }
            starting.add(launch(launcher, name, ServerKind.NODE, port, List.of(
                    "node", "--port", Integer.toString(port), "--host", HOST, "--role", "auto",
                    "--initial-role", role.label(),
                    "--name-servers", HOST + ":" + ports.dnsHttp(), "--dir", dir.processDir(name).toString())));
        }
        awaitReady(launcher, starting, NODE_START_LIMIT);
        progress.finished();
        return state.get();
    }

    /** A child that was started and is not known to be ready yet. */
    private record Starting(String name, ServerKind kind, int port, List<String> arguments, Process process,
            boolean archive, long beganNanos) {
    }

    private Starting launch(ChildLauncher launcher, String name, ServerKind kind, int port, List<String> arguments) {
        Starting child = launch(launcher, name, kind, port, true, arguments);
        progress.starting(name, child.process().pid());
        return child;
    }

    private Starting launch(ChildLauncher launcher, String name, ServerKind kind, int port, boolean archive,
            List<String> arguments) {
        long begin = System.nanoTime();
        ChildLauncher.Started started = launcher.start(name, kind, arguments, archive);
        Process process = started.process();
        state.updateAndGet(s -> s.with(ManagedProcess.of(name, kind.command(), process.toHandle(), port))).write(dir);
        return new Starting(name, kind, port, arguments, process, started.archive(), begin);
    }

    /**
     * Waits until every child is ready, reporting each one's progress: a node has joined the ring once its view
     * shows a predecessor (or it is the only node), and is ready once it also reports healthy.
     */
    private void awaitReady(ChildLauncher launcher, List<Starting> children, Duration limit) {
        List<Starting> pending = new ArrayList<>(children);
        Set<String> joined = new HashSet<>();
        while (!pending.isEmpty()) {
            for (int i = 0; i < pending.size(); i++) {
                Starting child = pending.get(i);
                if (!child.process().isAlive()) {
                    pending.set(i, restartOrFail(launcher, child));
                    continue;
                }
                if (System.nanoTime() > child.beganNanos() + limit.toNanos()) {
                    throw new CliException(child.name() + " was not healthy after " + limit.toSeconds() + " s:\n"
                            + tail(dir.log(child.name()), 20), 1);
                }
                if (child.kind() == ServerKind.DNS) {
                    if (health.healthy(HOST, child.port())) {
                        progress.ready(child.name(), "name service");
                        pending.remove(i--);
                    }
                    continue;
                }
                Optional<String> role = joined.contains(child.name()) ? Optional.empty() : joinedAs(child);
                role.ifPresent(r -> {
                    joined.add(child.name());
                    progress.joined(child.name(), r);
                });
                if (joined.contains(child.name()) && health.healthy(HOST, child.port())) {
                    progress.ready(child.name(), health.role(HOST, child.port()).orElse("?"));
                    pending.remove(i--);
                }
            }
            if (!pending.isEmpty()) {
                sleep(POLL);
            }
        }
    }

    /** The node's role once its ring view shows it joined: a predecessor, or a ring of one when it is alone. */
    private Optional<String> joinedAs(Starting child) {
        return health.ringView(HOST, child.port())
                .filter(view -> view.path("predecessor").isString() || nodes == 1)
                .map(view -> view.path("role").asString())
                .filter(role -> !role.isEmpty());
    }

    /**
     * A child that died during its start: if it ran from a startup archive, once more without one (an archive the
     * checks passed may still not suit this JVM: never let it break a start); else the start fails with its log.
     */
    private Starting restartOrFail(ChildLauncher launcher, Starting child) {
        int code = child.process().exitValue();
        if (child.archive() && !stopping) {
            Starting again = launch(launcher, child.name(), child.kind(), child.port(), false, child.arguments());
            progress.restarting(child.name(), again.process().pid(), "it exited with code " + code
                    + ", now without its startup archive");
            return again;
        }
        throw new CliException(child.name() + " exited with code " + code + " during start:\n"
                + tail(dir.log(child.name()), 20) + "\n(full log: ./dispotify logs " + child.name() + ")", 1);
    }

    /** Blocks until {@link #stop()} runs (Ctrl-C or `dispotify down`), reporting children that die meanwhile. */
    public void awaitStop() {
        for (ManagedProcess process : state.get().processes()) {
            process.handle().ifPresent(handle -> handle.onExit().thenRun(() -> {
                if (!stopping) {
                    out.printf("%n%s (pid %d) exited; see ./dispotify logs %s%n", process.name(), process.pid(), process.name());
                }
            }));
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every child, nodes first so they can still leave the name service, then the name service. */
    public synchronized void stop() {
        stopping = true;
        ClusterState current = state.get();
        if (current == null || stopped.getCount() == 0) {
            stopped.countDown();
            return;
        }
        List<ManagedProcess> nodesFirst = new ArrayList<>(current.processes().stream().filter(p -> !"dns".equals(p.kind())).toList());
        int count = ProcessStopper.stop(nodesFirst, STOP_GRACE);
        count += ProcessStopper.stop(current.processes().stream().filter(p -> "dns".equals(p.kind())).toList(), STOP_GRACE);
        ClusterState.delete(dir);
        out.printf("stopped %d processes%n", count);
        stopped.countDown();
    }

    private void refuseIfRunning() {
        Optional<ClusterState> previous = ClusterState.read(dir);
        if (previous.isEmpty()) {
            return;
        }
        if (previous.get().supervisor().handle().isPresent()) {
            throw new CliException("a cluster is already running from " + dir.root() + " (pid "
                    + previous.get().supervisor().pid() + "); stop it with ./dispotify down --dir " + dir.root());
        }
        // The last `up` died without cleaning up; its children saw their parent go and stopped too.
        ProcessStopper.stop(previous.get().processes(), STOP_GRACE);
        ClusterState.delete(dir);
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        if (!Ports.tcpFree(ports.dnsHttp())) {
            busy.add(ports.dnsHttp() + "/tcp");
        }
        if (!Ports.tcpFree(ports.dns())) {
            busy.add(ports.dns() + "/tcp");
        }
        if (!Ports.udpFree(ports.dns())) {
            busy.add(ports.dns() + "/udp");
        }
        for (int i = 0; i < nodes; i++) {
            if (!Ports.tcpFree(ports.node(i))) {
                busy.add(ports.node(i) + "/tcp");
            }
        }
        if (!busy.isEmpty()) {
            throw new CliException("ports in use on 127.0.0.1: " + String.join(", ", busy)
                    + " (another Dispotify? try ./dispotify status and ./dispotify down)");
        }
    }

    static String tail(Path log, int lines) {
        List<String> last = LogTail.lastLines(log, lines);
        return last.isEmpty() ? "(no log)" : String.join("\n", last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }
}
