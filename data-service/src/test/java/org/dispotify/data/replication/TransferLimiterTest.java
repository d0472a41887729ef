package org.dispotify.data.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TransferLimiterTest {

    @Test
    void oneSecondOfBytesPassesAtOnceThenEachReservationWaitsItsShare() {
        TransferLimiter limiter = new TransferLimiter(1_000_000);
        assertThat(limiter.reserve(500_000)).isZero();
        assertThat(limiter.reserve(400_000)).isZero();
        // Past the one-second burst: 900 KB reserved + 600 KB more at 1 MB/s must wait about 0.5 s.
        Duration wait = limiter.reserve(600_000);
        assertThat(wait).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
        // The next reservation queues behind it.
        assertThat(limiter.reserve(1_000_000)).isBetween(Duration.ofMillis(1400), Duration.ofMillis(1500));
    }
}
