package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private final AtomicLong wall = new AtomicLong(1_000);
    private final HybridClock clock = new HybridClock("n1", wall::get, 60_000);

    @Test
    void followsTheWallClockWhileItMovesOn() {
        assertThat(clock.now()).isEqualTo(new Hlc(1_000, 0, "n1"));
        wall.set(1_005);
        assertThat(clock.now()).isEqualTo(new Hlc(1_005, 0, "n1"));
    }

    @Test
    void countsWithinAMillisecondAndWhileTheWallClockStepsBack() {
        Hlc first = clock.now();
        Hlc second = clock.now();
        wall.set(400);
        Hlc third = clock.now();

        assertThat(second).isEqualTo(new Hlc(1_000, 1, "n1"));
        assertThat(third).as("the wall clock stepped back; the stamps did not").isEqualTo(new Hlc(1_000, 2, "n1"));
        assertThat(List.of(first, second, third)).isSorted();
    }

    @Test
    void aStampSeenFromAnotherNodeOrdersTheNextWriteAfterIt() {
        assertThat(clock.observe(new Hlc(5_000, 7, "n2"))).isTrue();

        assertThat(clock.now()).isEqualTo(new Hlc(5_000, 8, "n1"));
    }

    @Test
    void aStampFarAheadIsAdoptedOnlyUpToTheLimit() {
        assertThat(clock.observe(new Hlc(1_000 + 86_400_000L, 3, "skewed"))).as("a day ahead").isFalse();

        Hlc next = clock.now();
        assertThat(next.millis()).as("no further than the wall clock plus a minute").isEqualTo(61_000);
        assertThat(next.after(new Hlc(61_000, 0, "skewed"))).isTrue();
    }

    @Test
    void refusesWhatIsNotAClock() {
        assertThatThrownBy(() -> new HybridClock("", wall::get, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HybridClock("n1", wall::get, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hlc(-1, 0, "n1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCounterBorrowsTheNextMillisecondRatherThanWrap() {
        clock.observe(new Hlc(1_000, Integer.MAX_VALUE, "n2"));

        assertThat(clock.now()).isEqualTo(new Hlc(1_001, 0, "n1"));
    }

    /** Whatever the wall clock does and whatever is seen, each stamp is later than every one before it. */
    @Property
    void stampsOnlyGrow(@ForAll @Size(max = 60) List<@LongRange(min = 0, max = 5_000) Long> wallReadings,
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 200_000) Long> seenMillis) {
        AtomicLong readings = new AtomicLong();
        HybridClock subject = new HybridClock("n1", readings::get, 60_000);
        List<Hlc> made = new ArrayList<>();
        Hlc latestSeen = Hlc.ZERO;
        for (int i = 0; i < Math.max(wallReadings.size(), seenMillis.size()); i++) {
            if (i < wallReadings.size()) {
                readings.set(wallReadings.get(i));
            }
            if (i < seenMillis.size()) {
                Hlc seen = new Hlc(seenMillis.get(i), i, "n2");
                if (subject.observe(seen)) {
                    latestSeen = Hlc.max(latestSeen, seen);
                }
            }
            Hlc stamp = subject.now();
            assertThat(stamp.after(latestSeen)).as("after what was adopted").isTrue();
            made.add(stamp);
        }
        for (int i = 1; i < made.size(); i++) {
            assertThat(made.get(i).after(made.get(i - 1))).as("stamp %d after %d", i, i - 1).isTrue();
        }
    }
}
