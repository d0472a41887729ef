package org.dispotify.ring.detector;

/** What the failure detector concludes about a member, emitted on {@link FailureDetector#verdicts()}. */
public sealed interface Verdict {

    String nodeId();

    /** No direct or indirect answer in a whole probe period. */
    record Suspected(String nodeId) implements Verdict {
    }

    /**
     * The suspicion timed out, or was cut short because the member's port refuses connections;
     * {@code silentNanos} is the time since the member last answered.
     */
    record Convicted(String nodeId, long silentNanos, boolean refused) implements Verdict {
    }

    /** A member this node suspected answered: the node should tell it, so it refutes the suspicion everywhere. */
    record Answered(String nodeId) implements Verdict {
    }
}
