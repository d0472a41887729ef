package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.sim.Scenario.FaultKind;
import org.dispotify.ring.sim.Simulation.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ring's properties ({@link Checks}) over many seeds: rings of 3 to 12 members, every kind of fault,
 * some runs with steady loss up to 10 % on every link. {@code sim.seeds} seeds (a few hundred in the
 * default build, thousands with {@code -Psim}); a failing seed is printed with the command that replays it.
 */
class SimulatedSeedsTest {

    @Test
    void everyPropertyHoldsOnEverySeed() {
        long first = Long.getLong("sim.first-seed", 1);
        int seeds = Integer.getInteger("sim.seeds", 240);
        List<String> failures = new ArrayList<>();
        long began = System.nanoTime();
        double simulated = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            Outcome outcome = Simulation.run(scenario(seed));
            simulated += outcome.figures().simulatedSeconds();
            if (!outcome.passed()) {
                failures.add(Report.of(outcome));
            }
        }
        double wall = (System.nanoTime() - began) / 1e9;
        System.out.printf("%d seeds from %d: %.0f simulated seconds in %.1f s, %d failed%n", seeds, first, simulated, wall,
                failures.size());
        assertThat(failures).as("seeds that broke a property").isEmpty();
    }

    /**
     * Seeds that once broke a property, run in every build whatever {@code sim.seeds} covers: 867 (a suspicion
     * outlived its suspect's rejoin and convicted it), 2324 (a restarted node's walks had its earlier life's ids and
     * were dropped: 3 data nodes and 1 router at the end).
     */
    @ParameterizedTest
    @ValueSource(longs = {867, 2324})
    void seedsThatOnceBrokeAPropertyHoldEveryProperty(long seed) {
        Outcome outcome = Simulation.run(scenario(seed));
        assertThat(outcome.passed()).as(Report.of(outcome)).isTrue();
    }

    /** The shape of run {@code seed}: its own random decides size, length and loss; the run itself too. */
    static Scenario scenario(long seed) {
        SplittableRandom shape = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int nodes = 3 + shape.nextInt(10);
        RingProperties timers = RingProperties.defaults();
        Duration length = Scenario.minimumLength(nodes, timers).plusSeconds(shape.nextInt(30));
        double loss = shape.nextInt(4) == 0 ? shape.nextInt(11) / 100.0 : 0;
        return new Scenario(nodes, length, seed, java.util.EnumSet.allOf(FaultKind.class), loss, "lan", timers);
    }
}
