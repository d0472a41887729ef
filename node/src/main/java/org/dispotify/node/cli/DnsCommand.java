package org.dispotify.node.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dispotify.dns.NameServiceApplication;
import org.dispotify.node.host.ParentWatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dispotify dns}: runs a name service (HTTP API and real DNS). */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Run a name service: HTTP API on --port, DNS (UDP and TCP) on --dns-port.")
public final class DnsCommand implements Callable<Integer>, ServerCommand {

    @Option(names = "--port", defaultValue = "${env:DISPOTIFY_PORT:-8500}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dns-port", defaultValue = "${env:DISPOTIFY_DNS_PORT:-8600}", description = "DNS port, UDP and TCP (default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Option(names = "--bind", defaultValue = "${env:DISPOTIFY_BIND:-127.0.0.1}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; any other needs a cluster secret).")
    String bind;

    @Mixin
    ClusterSecretOption clusterSecret = new ClusterSecretOption();

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public List<String> environmentOnly() {
        return List.of(ClusterSecretOption.SECRET_ENV);
    }

    @Override
    public Integer call() {
        Validation.port("--port", port);
        Validation.port("--dns-port", dnsPort);
        Map<String, Object> properties = ServerDefaults.resolved("dns", port, bind, dir.toString());
        properties.put("dispotify.dns.port", dnsPort);
        properties.put("dispotify.dns.bind-address", bind);
        clusterSecret.apply(properties, bind);
        ParentWatch.startIfRequested();
        ServerStart.run(NameServiceApplication.class, properties, ServerDefaults.tunable("dns"));
        return 0;
    }
}
