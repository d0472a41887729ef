package org.dispotify.data.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PacerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void bytesCheckedAtOnceWaitTheirShareOfTheRate() {
        Pacer pacer = new Pacer(20_000_000, now::get);

        assertThat(pacer.after(10_000_000)).isEqualTo(Duration.ofMillis(500));
        // Still at the same instant: the next 10 MB come after the first ones' half second.
        assertThat(pacer.after(10_000_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void waitingElsewhereIsNotMadeUpForWithABurst() {
        Pacer pacer = new Pacer(1_000_000, now::get);
        assertThat(pacer.after(500_000)).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofSeconds(60).toNanos()); // the node was busy for a minute

        assertThat(pacer.after(1_000_000)).as("this item's check took its own time").isEqualTo(Duration.ZERO);
        assertThat(pacer.after(1_000_000)).as("a full second per MB again, no minute of credit")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void checksSlowerThanTheRateDoNotWait() {
        Pacer pacer = new Pacer(1_000_000, now::get);
        pacer.after(100_000);
        now.addAndGet(Duration.ofMillis(300).toNanos());

        assertThat(pacer.after(100_000)).isEqualTo(Duration.ZERO);
    }
}
