package org.dispotify.router.nodes;

import org.dispotify.ring.naming.Member;

/** A data node did not answer usefully (connection failure, timeout, 5xx): another node may. */
public class DataNodeUnavailableException extends RuntimeException {

    private final transient Member node;

    public DataNodeUnavailableException(Member node, String reason, Throwable cause) {
        super("data node " + node.nodeId() + " at " + node.baseUrl() + ": " + reason, cause);
        this.node = node;
    }

    public Member node() {
        return node;
    }
}
