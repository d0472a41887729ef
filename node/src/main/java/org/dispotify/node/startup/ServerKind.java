package org.dispotify.node.startup;

import java.nio.file.Path;
import java.util.List;

/** The two server commands of the jar, each with an archive of its own (they load different classes). */
public enum ServerKind {
    DNS("dns"),
    NODE("node");

    private final String command;

    ServerKind(String command) {
        this.command = command;
    }

    public String command() {
        return command;
    }

    public static ServerKind of(String command) {
        for (ServerKind kind : values()) {
            if (kind.command.equals(command)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no server command '" + command + "' (dns or node)");
    }

    /**
     * Arguments for a training run: loopback only, ports given, state in a scratch folder; a node pinned to the
     * data role so it asks no name service for a role. The run ends once its context is refreshed.
     */
    List<String> trainingArguments(int port, int secondPort, Path state) {
        return switch (this) {
            case DNS -> List.of("dns", "--port", Integer.toString(port), "--dns-port", Integer.toString(secondPort),
                    "--bind", "127.0.0.1", "--dir", state.toString());
            case NODE -> List.of("node", "--port", Integer.toString(port), "--host", "127.0.0.1", "--role", "data",
                    "--name-servers", "127.0.0.1:" + secondPort, "--dir", state.toString());
        };
    }
}
