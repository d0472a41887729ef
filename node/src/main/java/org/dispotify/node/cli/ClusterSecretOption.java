package org.dispotify.node.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * Where a server finds the cluster secret: {@code DISPOTIFY_CLUSTER_SECRET} or a file (never a
 * command-line value, which other users could read in the process list). A server that listens
 * beyond loopback refuses to start without one.
 */
public final class ClusterSecretOption {

    /** Read from the environment only, never from the command line. */
    static final String SECRET_ENV = "DISPOTIFY_CLUSTER_SECRET";

    @Option(names = "--cluster-secret-file", defaultValue = "${env:DISPOTIFY_CLUSTER_SECRET_FILE}",
            description = "File holding the cluster secret (default: the DISPOTIFY_CLUSTER_SECRET variable).")
    Path file;

    Optional<String> secret() {
        if (file != null) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
            } catch (IOException e) {
                throw new CliException("cannot read the cluster secret from " + file + ": " + e.getMessage());
            }
        }
        return Optional.ofNullable(System.getenv(SECRET_ENV)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Puts the secret into the server's properties, or refuses a non-local server without one. */
    void apply(Map<String, Object> properties, String bindAddress) {
        Optional<String> secret = secret();
        if (secret.isPresent()) {
            if (secret.get().length() < 16) {
                throw new CliException("the cluster secret must have at least 16 characters");
            }
            properties.put("dispotify.cluster.secret", secret.get());
        } else if (!isLoopback(bindAddress)) {
            throw new CliException("refusing to listen on " + bindAddress + " without a cluster secret: set "
                    + "DISPOTIFY_CLUSTER_SECRET or --cluster-secret-file (only loopback-only clusters may run open)");
        }
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new CliException("cannot resolve the listen address '" + address + "'");
        }
    }
}
