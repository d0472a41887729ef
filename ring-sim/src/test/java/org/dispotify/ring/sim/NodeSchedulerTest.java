package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/** A process's scheduler on virtual time: pauses hold, stops drop, Reactor runs on it. */
class NodeSchedulerTest {

    private final VirtualTime time = new VirtualTime();
    private final NodeScheduler scheduler = new NodeScheduler(time);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunInTimeThenSchedulingOrder() {
        scheduler.schedule(() -> ran.add("b"), 2, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("a1"), 1, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("a2"), 1, TimeUnit.MILLISECONDS);
        time.runUntil(10_000_000);

        assertThat(ran).containsExactly("a1", "a2", "b");
    }

    @Test
    void aPausedProcessRunsNothingAndOnResumeRunsOverdueTimersBeforeWhatArrived() {
        scheduler.pause();
        scheduler.arrive(1_000_000, () -> ran.add("message"));
        scheduler.schedule(() -> ran.add("timer"), 2, TimeUnit.MILLISECONDS);
        time.runUntil(100_000_000);
        assertThat(ran).isEmpty();

        scheduler.resume();
        time.runUntil(100_000_001);
        assertThat(ran).containsExactly("timer", "message");
    }

    @Test
    void aStoppedProcessDropsEverything() {
        scheduler.schedule(() -> ran.add("late"), 1, TimeUnit.SECONDS);
        scheduler.stop();
        scheduler.arrive(0, () -> ran.add("message"));
        time.runUntil(5_000_000_000L);

        assertThat(ran).isEmpty();
    }

    @Test
    void aClockJumpMovesTheClockButNoTimer() {
        scheduler.schedule(() -> ran.add("at 1 s, read " + scheduler.nanoTime() / 1_000_000 + " ms"), 1, TimeUnit.SECONDS);
        scheduler.jumpClock(3_000_000_000L);
        time.runUntil(2_000_000_000L);

        assertThat(ran).containsExactly("at 1 s, read 4000 ms");
    }

    @Test
    void reactorOperatorsRunOnItInVirtualTime() {
        List<Long> seen = new ArrayList<>();
        Flux.interval(java.time.Duration.ofMillis(100), scheduler).take(3)
                .publishOn(scheduler)
                .subscribe(tick -> seen.add(time.now() / 1_000_000));
        time.runUntil(1_000_000_000);

        assertThat(seen).containsExactly(100L, 200L, 300L);
    }
}
