package org.dispotify.router.nodes;

import java.time.Duration;
import java.util.Optional;

import org.dispotify.ring.naming.Member;

/**
 * A data node did not answer usefully (connection failure, timeout, 5xx, or bytes damaged on the way
 * to it): another node may, or the same one a little later.
 */
public class DataNodeUnavailableException extends RuntimeException {

    private final transient Member node;
    private final transient Duration retryAfter;

    public DataNodeUnavailableException(Member node, String reason, Throwable cause) {
        this(node, reason, null, cause);
    }

    public DataNodeUnavailableException(Member node, String reason, Duration retryAfter, Throwable cause) {
        super("data node " + node.nodeId() + " at " + node.baseUrl() + ": " + reason, cause);
        this.node = node;
        this.retryAfter = retryAfter;
    }

    public Member node() {
        return node;
    }

    /** How long the node asked to be left alone ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
