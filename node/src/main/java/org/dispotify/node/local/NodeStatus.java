package org.dispotify.node.local;

import java.util.List;

/**
 * One process of a local cluster as `dispotify status` shows it. The first five fields are what
 * `status --json` has always printed (scripts rely on them); the rest are null where they do not
 * apply (the name service has no ring neighbours; a router holds no songs) or could not be read.
 *
 * @param name            {@code dns} or {@code node-<port>}
 * @param pid             the OS process id
 * @param port            its HTTP port
 * @param role            {@code dns}, {@code data}, {@code router}, {@code unknown} (up but not saying) or {@code down}
 * @param healthy         whether {@code /actuator/health} answered UP
 * @param id              the node id
 * @param address         host:port it registered (other nodes and listeners reach it there)
 * @param predecessor     its ring predecessor's node id
 * @param successors      its ring successors' node ids, nearest first
 * @param songs           songs stored (data nodes)
 * @param underReplicated songs short of copies as of the last replication round (data nodes)
 */
public record NodeStatus(String name, long pid, int port, String role, boolean healthy,
        String id, String address, String predecessor, List<String> successors,
        Long songs, Long underReplicated) {

    public NodeStatus {
        successors = successors == null ? List.of() : List.copyOf(successors);
    }

    /** A process that is gone, or never answered. */
    static NodeStatus down(ManagedProcess process) {
        return new NodeStatus(process.name(), process.pid(), process.port(), "down", false,
                null, null, null, List.of(), null, null);
    }
}
