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
import org.dispotify.node.startup.ServerKind;

/**
 * A cluster of real Dispotify JVMs, started from the built jar (from its startup archives, as under {@code up}:
 * {@link StartupArchives}): one name service on 127.0.0.1 and
 * nodes on distinct 127.0.x.y addresses, each with its own state directory and log file under
 * {@link #dir()}; or, {@link Builder#isolated() isolated}, every node in its own network namespace
 * ({@link Isolation}) and the name service on the bridge between them. Faults: kill -9,
 * SIGSTOP/SIGCONT (by PID, only processes started here); partitions, loss and delay in
 * {@link #network()}; a node's wall clock in {@link #clock}; CPU starvation in {@link #cpu()}.
 * {@link #close()} ends every process it started and removes every namespace, link, rule, proxy and
 * cgroup it made. Every wait is bounded.
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
    private final Thread reaper = new Thread(this::reap, "cluster-reaper");
    private int nextHost = 10;
    private NameService nameService;
    private final Isolation isolation;
    private final String secret;
    private final Set<String> delayable;
    private final Map<String, DelayProxy> proxies = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> bindAddresses = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ClockSkew> clocks = new java.util.concurrent.ConcurrentHashMap<>();
    private final NetworkFaults network;
    private final CpuLimits cpu = new CpuLimits(this);

    private Cluster(Builder builder) {
        this.dir = builder.dir;
        this.jar = builder.jar;
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.restartJvmOptions = List.copyOf(builder.restartJvmOptions);
        this.systemProperties = Map.copyOf(builder.systemProperties);
        this.startTimeout = builder.startTimeout;
        this.delayable = Set.copyOf(builder.delayable);
        builder.skewable.forEach(id -> clocks.put(id, new ClockSkew(id, dir.resolve("clock").resolve(id + ".faketime"))));
        if (!clocks.isEmpty()) {
            ClockSkew.unavailable().ifPresent(why -> {
                throw new IllegalStateException(why);
            });
        }
        // Non-loopback servers refuse to run open, and the signature is what a real cluster runs with anyway.
        this.secret = builder.isolated || builder.secret ? java.util.HexFormat.of().formatHex(randomBytes(24)) : null;
        this.isolation = builder.isolated ? Isolation.create() : null;
        this.network = new NetworkFaults(this, isolation, proxies);
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
            String host = isolation == null ? "127.0.0.1" : isolation.hostAddress();
            InetAddress address = address(host);
            nameService = new NameService(host, freePort(address), freePort(address), http);
        }
        NameService ns = nameService;
        ns.jvm = launch("dns", ServerKind.DNS, null, List.of(), List.of("dns", "--port", Integer.toString(ns.httpPort()),
                "--dns-port", Integer.toString(ns.dnsPort()), "--bind", ns.host(),
                "--dir", dir.resolve("dns").toString()));
        awaitHealthy(List.of(ns.jvm), Map.of(ns.jvm, ns::healthy));
        return ns;
    }

    /** Partitions and loss (isolated clusters), delay (delayable nodes); see {@link NetworkFaults}. */
    public NetworkFaults network() {
        return network;
    }

    /** The wall clock of a node named in {@link Builder#skewableClock}. */
    public ClockSkew clock(String nodeId) {
        ClockSkew clock = clocks.get(nodeId);
        if (clock == null) {
            throw new IllegalStateException(nodeId + " was not started under a skewable clock: build the cluster with "
                    + ".skewableClock(\"" + nodeId + "\")");
        }
        return clock;
    }

    /** CPU quotas for nodes' processes. */
    public CpuLimits cpu() {
        return cpu;
    }

    /** Whether each node runs in its own network namespace. */
    public boolean isolated() {
        return isolation != null;
    }

    /**
     * The {@code X-Dispotify-Signature} value for a request to a member (e.g. the replication API),
     * empty when the cluster runs without a secret (loopback clusters) and needs none.
     */
    public Optional<String> sign(String method, String pathAndQuery) {
        return Optional.ofNullable(secret).map(s -> new org.dispotify.ring.security.RequestSignature(
                org.dispotify.ring.security.ClusterSecret.of(s), java.time.Clock.systemUTC(), Duration.ofSeconds(60))
                .sign(method, pathAndQuery));
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
        String bind = isolation == null ? addressPrefix + nextHost++ : isolation.slot(id).address();
        if (!delayable.contains(id)) {
            int port = freePort(isolation == null ? address(bind) : InetAddress.getLoopbackAddress());
            return new NodeSpec(id, bind, port, role, initialRole);
        }
        // A delayable node listens on its own address; everyone else reaches it through its proxy, whose
        // address and port it advertises (--host, --port), so the node binds the same port behind it.
        String advertised = isolation == null ? addressPrefix + nextHost++ : isolation.hostAddress();
        DelayProxy old = proxies.remove(id);
        if (old != null) {
            old.close();
        }
        int port = freePort(address(advertised));
        DelayProxy proxy = DelayProxy.start("delay-" + id, new InetSocketAddress(address(advertised), port),
                new InetSocketAddress(address(bind), port));
        proxies.put(id, proxy);
        bindAddresses.put(id, bind);
        return new NodeSpec(id, advertised, port, role, initialRole);
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
            node.jvm = launch(node.id() + "-" + node.starts, ServerKind.NODE, node.id(), extra, nodeArguments(node.spec()));
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
        releaseAll();
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

    /** After the processes are gone: cgroups, proxies, then namespaces, links and rules. */
    private synchronized void releaseAll() {
        cpu.close();
        proxies.values().forEach(DelayProxy::close);
        proxies.clear();
        if (isolation != null) {
            isolation.close();
        }
    }

    private void reap() {
        killAll();
        releaseAll();
    }

    private List<String> nodeArguments(NodeSpec spec) {
        List<String> args = new ArrayList<>(List.of("node", "--node-id", spec.id(), "--host", spec.host(),
                "--port", Integer.toString(spec.port()), "--role", spec.role(),
                "--name-servers", nameService().address(), "--dir", dir.resolve(spec.id()).toString()));
        String bind = bindAddresses.get(spec.id());
        if (bind != null) {
            args.addAll(List.of("--bind", bind));
        }
        if (spec.initialRole() != null) {
            args.addAll(List.of("--initial-role", spec.initialRole()));
        }
        return args;
    }

    /** Starts a JVM; {@code nodeId} (null for the name service) puts it in the node's namespace and under its clock. */
    private ManagedJvm launch(String name, ServerKind kind, String nodeId, List<String> extraOptions, List<String> arguments) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(extraOptions);
        systemProperties.forEach((key, value) -> options.add("-D" + key + "=" + value));
        List<String> command = new ArrayList<>(StartupArchives.launch(jar, kind)
                .command(Path.of(System.getProperty("java.home"), "bin", "java"), options));
        command.addAll(arguments);
        // ParentWatch in the node ends the child if this JVM dies without running close() (e.g. SIGKILL).
        Map<String, String> env = new HashMap<>(Map.of("DISPOTIFY_PARENT_PID", Long.toString(ProcessHandle.current().pid())));
        if (secret != null) {
            env.put("DISPOTIFY_CLUSTER_SECRET", secret);
        }
        if (nodeId != null && clocks.containsKey(nodeId)) {
            env.putAll(clocks.get(nodeId).environment());
        }
        List<String> wrapped = nodeId != null && isolation != null ? isolation.inside(isolation.slot(nodeId), command) : command;
        ManagedJvm jvm = ManagedJvm.start(name, wrapped, dir.resolve("logs").resolve(name + ".log"), env);
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

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
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
        private boolean isolated;
        private boolean secret;
        private final Set<String> delayable = new LinkedHashSet<>();
        private final Set<String> skewable = new LinkedHashSet<>();

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

        /**
         * Each node in its own network namespace on a bridge, with a cluster secret (root only; see
         * {@link Isolation#unavailable()} for why it may not work): needed for partitions and loss.
         */
        public Builder isolated() {
            this.isolated = true;
            return this;
        }

        /** A random cluster secret for every process (isolated clusters always have one): signed links, replication, names. */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /** These nodes are reached through a {@link DelayProxy} from their first start, so {@link NetworkFaults#delay} works on them. */
        public Builder delayable(String... nodeIds) {
            delayable.addAll(List.of(nodeIds));
            return this;
        }

        /** These nodes run under libfaketime, so {@link #clock} can move their wall clock. */
        public Builder skewableClock(String... nodeIds) {
            skewable.addAll(List.of(nodeIds));
            return this;
        }

        public Builder startTimeout(Duration limit) {
            this.startTimeout = limit;
            return this;
        }

        /** Builds the cluster; a fault this machine cannot inject aborts the test (skipped, with the reason) instead. */
        public Cluster build() {
            if (isolated) {
                Isolation.unavailable().ifPresent(why -> {
                    throw new org.opentest4j.TestAbortedException("an isolated cluster cannot run here: " + why);
                });
            }
            if (!skewable.isEmpty()) {
                ClockSkew.unavailable().ifPresent(why -> {
                    throw new org.opentest4j.TestAbortedException("a skewable clock cannot run here: " + why);
                });
            }
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
