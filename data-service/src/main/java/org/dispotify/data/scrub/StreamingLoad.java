package org.dispotify.data.scrub;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Whether this node streams heavily now: the audio bytes it handed to the network per second, measured
 * between two calls at least {@code WINDOW_NANOS} apart (shorter gaps reuse the last measure).
 */
final class StreamingLoad {

    static final long WINDOW_NANOS = 1_000_000_000L;

    private final DoubleSupplier bytesSent;
    private final LongSupplier clock;
    private final long busyAbove;
    private long sampledAt;
    private double sampledBytes;
    private double bytesPerSecond;

    /**
     * @param bytesSent audio bytes handed to the network since start
     * @param clock     nanoseconds, monotonic
     * @param busyAbove bytes per second above which the node counts as busy; 0 never does
     */
    StreamingLoad(DoubleSupplier bytesSent, LongSupplier clock, long busyAbove) {
        this.bytesSent = bytesSent;
        this.clock = clock;
        this.busyAbove = busyAbove;
        this.sampledAt = clock.getAsLong();
        this.sampledBytes = bytesSent.getAsDouble();
    }

    synchronized boolean busy() {
        long now = clock.getAsLong();
        if (now - sampledAt >= WINDOW_NANOS) {
            double sent = bytesSent.getAsDouble();
            bytesPerSecond = (sent - sampledBytes) * 1e9 / (now - sampledAt);
            sampledAt = now;
            sampledBytes = sent;
        }
        return busyAbove > 0 && bytesPerSecond > busyAbove;
    }

    synchronized double bytesPerSecond() {
        return bytesPerSecond;
    }
}
