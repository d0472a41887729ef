package org.dispotify.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dispotify.node.host.NodeApplication;
import org.dispotify.node.host.ParentWatch;
import org.dispotify.ring.naming.NameServer;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.springframework.web.reactive.function.client.WebClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dispotify node}: runs a data or router node. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a node. With --role auto it takes the role the cluster is short of (2 data : 3 routers).")
public final class NodeCommand implements Callable<Integer>, ServerCommand {

    static final String UPLOAD_TOKEN_ENV = "DISPOTIFY_UPLOAD_TOKEN";

    @Option(names = "--port", defaultValue = "${env:DISPOTIFY_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:DISPOTIFY_HOST:-127.0.0.1}",
            description = "Address other nodes and listeners reach this node at (default: ${DEFAULT-VALUE}); "
                    + "`auto`: this machine's own non-loopback IPv4 address (for containers).")
    String host;

    @Option(names = "--bind", defaultValue = "${env:DISPOTIFY_BIND}",
            description = "Address to listen on (default: the --host address).")
    String bind;

    @Option(names = "--role", defaultValue = "${env:DISPOTIFY_ROLE:-auto}",
            description = "auto, data or router (default: ${DEFAULT-VALUE}). data and router are pinned: they never switch.")
    String role;

    @Option(names = "--initial-role", defaultValue = "${env:DISPOTIFY_INITIAL_ROLE}",
            description = "With --role auto: start in this role (data or router) instead of asking the name service; "
                    + "the node may still switch later. `up` uses it to start nodes in parallel.")
    String initialRole;

    @Option(names = "--name-servers", defaultValue = "${env:DISPOTIFY_NAME_SERVERS:-127.0.0.1:8500}",
            description = "Name servers as host:port[,host:port...] (default: ${DEFAULT-VALUE}).")
    String nameServers;

    @Option(names = "--node-id", defaultValue = "${env:DISPOTIFY_NODE_ID}",
            description = "Node id, a DNS label (default: generated once and kept in --dir).")
    String nodeId;

    @Mixin
    ClusterSecretOption clusterSecret = new ClusterSecretOption();

    @Option(names = "--upload-token-file", defaultValue = "${env:DISPOTIFY_UPLOAD_TOKEN_FILE}",
            description = "File holding the upload token (default: the DISPOTIFY_UPLOAD_TOKEN variable; none: uploads are open).")
    Path uploadTokenFile;

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--state-slot", defaultValue = "${env:DISPOTIFY_STATE_SLOT:-false}", fallbackValue = "true",
            arity = "0..1",
            description = "Keep state in the first free slot-N folder under --dir, claimed with a file lock, so that "
                    + "replicas of one scaled service can share one volume (default: ${DEFAULT-VALUE}).")
    boolean stateSlot;

    @Option(names = "--relay-audio", defaultValue = "${env:DISPOTIFY_RELAY_AUDIO:-false}", fallbackValue = "true",
            arity = "0..1",
            description = "As a router, hand out audio URLs on this router and relay the data nodes' audio, for "
                    + "listeners that can reach a router but not the data nodes, e.g. behind Docker Compose "
                    + "(default: ${DEFAULT-VALUE}: listeners stream straight from data nodes).")
    boolean relayAudio;

    @Override
    public List<String> environmentOnly() {
        return List.of(ClusterSecretOption.SECRET_ENV, UPLOAD_TOKEN_ENV);
    }

    @Override
    public Integer call() {
        Validation.port("--port", port);
        String host = AdvertisedHost.resolve(this.host);
        List<NameServer> servers = parseNameServers(nameServers);
        boolean pinned = !role.equalsIgnoreCase("auto");
        Role pinnedRole = pinned ? parseRole(role) : null;
        if (pinned && initialRole != null && !initialRole.isBlank()) {
            throw new CliException("--initial-role goes with --role auto; --role " + role + " already fixes the role");
        }
        Role givenStart = pinned || initialRole == null || initialRole.isBlank() ? null : parseRole(initialRole);
        if (nodeId != null && !nodeId.isBlank()) {
            NodeIdentity.validate(nodeId.trim());
        }
        String listen = bind == null ? host : bind;
        Map<String, Object> security = new HashMap<>();
        clusterSecret.apply(security, listen);
        uploadToken().ifPresent(token -> security.put("dispotify.upload.token", token));
        ParentWatch.startIfRequested();
        Path dir = stateSlot ? StateSlot.claim(this.dir).dir() : this.dir;
        String id = NodeIdentity.resolve(dir, nodeId, port);
        Role startRole = pinned ? pinnedRole : givenStart != null ? givenStart : chooseRole(servers);

        Map<String, Object> properties = ServerDefaults.resolved("node " + id, port, listen, dir.toString());
        properties.putAll(security);
        properties.put("dispotify.node.id", id);
        properties.put("dispotify.node.host", host);
        properties.put("dispotify.node.port", port);
        properties.put("dispotify.node.role", startRole.name());
        properties.put("dispotify.node.pinned", pinned);
        properties.put("dispotify.router.relay-audio", relayAudio);
        properties.put("dispotify.naming.servers", String.join(",", servers.stream().map(NameServer::toString).toList()));
        ServerStart.run(NodeApplication.class, properties, ServerDefaults.tunable("node " + id));
        return 0;
    }

    private Optional<String> uploadToken() {
        if (uploadTokenFile != null) {
            try {
                return Optional.of(Files.readString(uploadTokenFile).strip()).filter(t -> !t.isEmpty());
            } catch (IOException e) {
                throw new CliException("cannot read the upload token from " + uploadTokenFile + ": " + e.getMessage());
            }
        }
        return Optional.ofNullable(System.getenv(UPLOAD_TOKEN_ENV)).map(String::strip).filter(t -> !t.isEmpty());
    }

    private static Role chooseRole(List<NameServer> servers) {
        NameServiceClient names = new NameServiceClient(WebClient.builder(), servers, Duration.ofSeconds(1));
        return AutoRole.choose(names, Duration.ofSeconds(30));
    }

    private static Role parseRole(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("a role must be auto, data or router, was '" + text + "'");
        }
    }

    static List<NameServer> parseNameServers(String text) {
        try {
            List<NameServer> servers = Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(NameServer::parse)
                    .toList();
            if (servers.isEmpty()) {
                throw new CliException("--name-servers needs at least one host:port");
            }
            return servers;
        } catch (IllegalArgumentException e) {
            throw new CliException("--name-servers: " + e.getMessage());
        }
    }
}
