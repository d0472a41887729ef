package org.dispotify.node.cli;

/** A command that leaves a server running when it returns, so the JVM must not exit. */
public interface ServerCommand {
}
