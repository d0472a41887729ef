package org.dispotify.node.harness.workload;

import java.time.Duration;

/**
 * One client operation as the workload saw it. Times are {@link System#nanoTime()} values relative to
 * the history's origin (monotonic, immune to wall-clock jumps); {@link History#wallTime(long)} maps
 * them to instants for comparing with log lines.
 *
 * @param seq      order in which the operation started
 * @param kind     what was attempted
 * @param song     the song id (upload: the id its bytes hash to; catalog: null)
 * @param target   the router (node id) of the last attempt, or null if none was known
 * @param attempts 1, or more when a failed attempt was retried on another router
 * @param detail   why the last attempt failed, or what was odd about it; null when all went well
 * @param firstAttempt the outcome of the first attempt (a listener's "after one retry" is {@code outcome})
 */
public record Operation(long seq, Kind kind, String song, String target, int attempts, long startNanos, long endNanos,
                        Outcome outcome, Outcome firstAttempt, String detail) {

    public enum Kind {
        /** {@code POST /api/songs} of a distinct small song through a router. */
        UPLOAD,
        /** {@code GET /api/songs} on a router. */
        CATALOG,
        /** {@code GET /api/songs/{id}/stream} (307 to a data node), the whole file compared with what was uploaded. */
        STREAM
    }

    /**
     * Jepsen's three outcomes: OK (it happened), FAILED (it certainly did not happen: refused, 4xx, a
     * read that returned wrong or no bytes), INDETERMINATE (an upload that may or may not have been
     * stored: timeout, reset, 5xx after the request went out).
     */
    public enum Outcome { OK, FAILED, INDETERMINATE }

    public Duration latency() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
