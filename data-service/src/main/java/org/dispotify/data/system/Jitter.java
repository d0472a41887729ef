package org.dispotify.data.system;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Periodic rounds spread ±20 % around their interval, so the data nodes' rounds do not fall into step. */
public final class Jitter {

    private Jitter() {
    }

    public static Duration around(Duration interval) {
        long millis = interval.toMillis();
        return Duration.ofMillis(Math.max(1, millis + ThreadLocalRandom.current().nextLong(-millis / 5, millis / 5 + 1)));
    }
}
