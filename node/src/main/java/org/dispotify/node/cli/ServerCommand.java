package org.dispotify.node.cli;

import java.util.List;

/** A command that leaves a server running when it returns, so the JVM must not exit. */
public interface ServerCommand {

    /**
     * Environment variables the server reads that are not option defaults (secrets, which must not
     * appear on a command line). Together with the options' {@code ${env:...}} defaults, these are
     * every variable a container may set for it.
     */
    default List<String> environmentOnly() {
        return List.of();
    }
}
