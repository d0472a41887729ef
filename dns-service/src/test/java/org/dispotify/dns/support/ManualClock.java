package org.dispotify.dns.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.dns.system.MonotonicClock;

/** A monotonic clock that moves only when a test moves it. */
public final class ManualClock implements MonotonicClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
