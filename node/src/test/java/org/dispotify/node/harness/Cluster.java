package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A cluster of real Dispotify JVMs on loopback, started from the built jar: one name service on
 * 127.0.0.1 and nodes on distinct 127.0.x.y addresses, each with its own state directory and log file
 * under {@link #dir()}. Faults: kill -9, SIGSTOP/SIGCONT (by PID, only processes started here);
 * network faults are in {@link NetworkFaults}. {@link #close()} ends every process it started.
 * Every wait is bounded.
 */
public final class Cluster implements AutoCloseable {

    /** The node JVM of the multi-process tests. */
    public static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1");
    /** C1 only: halves the CPU a node needs to start (about 7 instead of 14 CPU-seconds), at some steady-state cost. */
    public static final String FAST_START = "-XX:TieredStopAtLevel=1";

    private final Path dir;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> restartJvmOptions;
    private final Map<String, String> systemProperties;
    private final Duration startTimeout;
    private final Http http = new Http(Duration.ofSeconds(2));
    private final String addressPrefix;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<ManagedJvm> started = new CopyOnWriteArrayList<>();
    private final Thread reaper = new Thread(this::killAll, "cluster-reaper");
    private int nextHost = 10;
    private NameService nameService;

    private Cluster(Builder builder) {
        this.dir = builder.dir;
        this.jar = builder.jar;
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.restartJvmOptions = List.copyOf(builder.restartJvmOptions);
        this.systemProperties = Map.copyOf(builder.systemProperties);
        this.startTimeout = builder.startTimeout;
        // A random 127.0.x.0/24 per cluster, so two clusters on one machine do not share addresses.
        this.addressPrefix = "127.0." + ThreadLocalRandom.current().nextInt(2, 250) + ".";
        // If the test JVM is stopped without close() (Ctrl-C), its children go too.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    public Path dir() {
        return dir;
    }

    // ---- name service ------------------------------------------------------------------------

    /** Starts the name service ({@code dispotify dns --bind 127.0.0.1}) and waits until it is healthy. */
    public synchronized NameService startNameService() {
        if (nameService == null) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            nameService = new NameService(freePort(loopback), freePort(loopback), http);
        }
        NameService ns = nameService;
        ns.jvm = launch("dns", List.of(), List.of("dns", "--port", Integer.toString(ns.httpPort()),
                "--dns-port", Integer.toString(ns.dnsPort()), "--bind", "127.0.0.1",
                "--dir", dir.resolve("dns").toString()));
        awaitHealthy(List.of(ns.jvm), Map.of(ns.jvm, ns::healthy));
        return ns;
    }

    /** Partitions, delay and loss: TODO(issue 7), every method throws for now. */
    public NetworkFaults network() {
        return new NetworkFaults(this);
    }

    public NameService nameService() {
        if (nameService == null) {
            throw new IllegalStateException("the name service has not been started");
        }
        return nameService;
    }

    // ---- nodes -------------------------------------------------------------------------------

    /** A spec for a new node on the next free loopback address, with a free port there. */
    public synchronized NodeSpec spec(String id, String role, String initialRole) {
        String host = addressPrefix + nextHost++;
        try {
            return new NodeSpec(id, host, freePort(InetAddress.getByName(host)), role, initialRole);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the nodes at once (in parallel) and waits until every one answers {@code /actuator/health} with UP. */
    public List<Node> start(List<NodeSpec> specs) {
        List<Node> starting = new ArrayList<>();
        synchronized (this) {
            for (NodeSpec spec : specs) {
                Node node = nodes.computeIfAbsent(spec.id(), id -> new Node(spec, http));
                if (node.live()) {
                    throw new IllegalStateException(spec.id() + " is already running");
                }
                node.spec(spec);
                starting.add(node);
            }
        }
        Map<ManagedJvm, java.util.function.BooleanSupplier> health = new LinkedHashMap<>();
        for (Node node : starting) {
            List<String> extra = ++node.starts > 1 ? restartJvmOptions : List.of();
            node.jvm = launch(node.id() + "-" + node.starts, extra, nodeArguments(node.spec()));
            health.put(node.jvm, node::healthy);
        }
        awaitHealthy(new ArrayList<>(health.keySet()), health);
        return starting;
    }

    public Node start(NodeSpec spec) {
        return start(List.of(spec)).get(0);
    }

    /** Starts these (stopped) nodes again, in parallel, on the same address, port and directory, with {@code spec} changes applied. */
    public List<Node> restart(Collection<String> ids, java.util.function.UnaryOperator<NodeSpec> change) {
        List<NodeSpec> specs = ids.stream().map(id -> change.apply(node(id).spec())).toList();
        return start(specs);
    }

    public synchronized Node node(String id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + " in this cluster");
        }
        return node;
    }

    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Nodes whose process runs and is not paused. */
    public List<Node> live() {
        return nodes().stream().filter(Node::live).toList();
    }

    public Set<String> liveIds() {
        return live().stream().map(Node::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every node JVM ever started here (including killed ones), for their logs. */
    public List<ManagedJvm> nodeJvms() {
        return started.stream().filter(jvm -> !jvm.name().equals("dns")).toList();
    }

    // ---- faults ------------------------------------------------------------------------------

    /** kill -9 of the node's process; returns the moment the signal was sent. */
    public Instant kill(String id) {
        ManagedJvm jvm = running(id);
        return jvm.kill();
    }

    /** kill -9 of several nodes, as close together as the JVM can send the signals. */
    public Instant killTogether(Collection<String> ids) {
        List<ManagedJvm> jvms = ids.stream().map(this::running).toList();
        Instant at = Instant.now();
        jvms.forEach(jvm -> {
            try {
                ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
            } catch (RuntimeException e) {
                throw new IllegalStateException("could not kill " + jvm, e);
            }
        });
        jvms.forEach(ManagedJvm::kill);
        return at;
    }

    public Instant pause(String id) {
        return running(id).pause();
    }

    public Instant resume(String id) {
        ManagedJvm jvm = node(id).jvm;
        if (jvm == null || !jvm.alive()) {
            throw new IllegalStateException(id + " is not running");
        }
        return jvm.resume();
    }

    private ManagedJvm running(String id) {
        ManagedJvm jvm = node(id).jvm;
        if (jvm == null || !jvm.alive()) {
            throw new IllegalStateException(id + " is not running");
        }
        return jvm;
    }

    // ---- observation -------------------------------------------------------------------------

    /** The {@code /ring/view} of each live node (empty where a node did not answer in time). */
    public Map<String, Optional<RingView>> views() {
        Map<String, Optional<RingView>> views = new HashMap<>();
        live().forEach(node -> views.put(node.id(), node.view()));
        return views;
    }

    /** The first disagreement among the live nodes' views, or empty if they form one ring. */
    public Optional<String> divergence() {
        return Convergence.problem(views(), liveIds());
    }

    /** Waits until every live node's view agrees on members, statuses, roles and links. */
    public Duration awaitConverged(Duration limit) {
        return Waits.until("one ring view among " + liveIds(), limit, Duration.ofMillis(200), this::divergence);
    }

    /** The last {@code lines} of every log, for a failure report. */
    public String tails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ManagedJvm jvm : started) {
            out.append("\n===== ").append(jvm).append(" log ").append(jvm.log()).append(" (last ").append(lines)
                    .append(" lines) =====\n").append(jvm.tail(lines)).append('\n');
        }
        return out.toString();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Kills every process this cluster started (SIGKILL works on paused ones too) and waits for them. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
    }

    private void killAll() {
        started.forEach(jvm -> ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly));
        started.forEach(jvm -> jvm.awaitExit(Duration.ofSeconds(10)));
    }

    private List<String> nodeArguments(NodeSpec spec) {
        List<String> args = new ArrayList<>(List.of("node", "--node-id", spec.id(), "--host", spec.host(),
                "--port", Integer.toString(spec.port()), "--role", spec.role(),
                "--name-servers", nameService().address(), "--dir", dir.resolve(spec.id()).toString()));
        if (spec.initialRole() != null) {
            args.addAll(List.of("--initial-role", spec.initialRole()));
        }
        return args;
    }

    private ManagedJvm launch(String name, List<String> extraOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(extraOptions);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        // ParentWatch in the node ends the child if this JVM dies without running close() (e.g. SIGKILL).
        ManagedJvm jvm = ManagedJvm.start(name, command, dir.resolve("logs").resolve(name + ".log"),
                Map.of("DISPOTIFY_PARENT_PID", Long.toString(ProcessHandle.current().pid())));
        started.add(jvm);
        return jvm;
    }

    private void awaitHealthy(List<ManagedJvm> jvms, Map<ManagedJvm, java.util.function.BooleanSupplier> health) {
        Set<ManagedJvm> waiting = new LinkedHashSet<>(jvms);
        Waits.until("healthy " + waiting, startTimeout, Duration.ofMillis(250), () -> {
            for (ManagedJvm jvm : List.copyOf(waiting)) {
                if (!jvm.alive()) {
                    throw new AssertionError(jvm + " exited while starting:\n" + jvm.tail(40));
                }
                if (health.get(jvm).getAsBoolean()) {
                    waiting.remove(jvm);
                }
            }
            return waiting.isEmpty() ? Optional.empty() : Optional.of("still starting: " + waiting);
        });
    }

    private static int freePort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address, e);
        }
    }

    /** Cluster settings; defaults: the jar failsafe names, the node JVM, 3 minutes to start. */
    public static final class Builder {

        private final Path dir;
        private Path jar = Path.of(System.getProperty("dispotify.jar", "target/dispotify.jar"));
        private final List<String> jvmOptions = new ArrayList<>(NODE_JVM);
        private final List<String> restartJvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofMinutes(3);

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Adds JVM options after the defaults (-Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1). */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Adds JVM options for restarts of a node only (e.g. {@link #FAST_START} where only the first start is measured). */
        public Builder restartJvmOption(String option) {
            restartJvmOptions.add(option);
            return this;
        }

        /** Starts JVMs with C1 only ({@link #FAST_START}): for tests, where startup dominates. */
        public Builder fastStart() {
            return jvmOption(FAST_START);
        }

        /** A Spring property for every process, e.g. {@code ring("probe-interval", "250ms")}. */
        public Builder property(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder ring(String key, String value) {
            return property("dispotify.ring." + key, value);
        }

        public Builder startTimeout(Duration limit) {
            this.startTimeout = limit;
            return this;
        }

        public Cluster build() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no jar at " + jar.toAbsolutePath() + "; build it with "
                        + "./mvnw -B -q -pl node -am package -Dmaven.test.skip=true");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Cluster(this);
        }
    }
}
