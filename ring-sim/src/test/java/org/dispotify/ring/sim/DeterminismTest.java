package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.dispotify.ring.sim.Simulation.Outcome;
import org.junit.jupiter.api.Test;

/** One seed decides everything: a run replays event for event. */
class DeterminismTest {

    @Test
    void aSeedReplaysExactly() {
        Scenario scenario = SimulatedSeedsTest.scenario(7);

        Outcome first = Simulation.run(scenario);
        Outcome second = Simulation.run(scenario);

        assertThat(first.figures().tasks()).isGreaterThan(10_000);
        assertThat(second.traceHash()).isEqualTo(first.traceHash());
        assertThat(second.figures().tasks()).isEqualTo(first.figures().tasks());
        assertThat(second.figures().detections()).isEqualTo(first.figures().detections());
        assertThat(second.violations()).isEqualTo(first.violations());
    }

    @Test
    void anotherSeedIsAnotherRun() {
        Scenario one = SimulatedSeedsTest.scenario(7);
        Scenario other = new Scenario(one.nodes(), one.length(), 8, one.faults(), one.loss(), one.latency(),
                one.properties());

        assertThat(Simulation.run(other).traceHash()).isNotEqualTo(Simulation.run(one).traceHash());
    }
}
