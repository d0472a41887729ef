package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.sim.Scenario.FaultKind;
import org.junit.jupiter.api.Test;

/** The checks catch a ring that misbehaves: the properties can fail. */
class ChecksTest {

    private static RingProperties with(Duration suspicion, Duration joinSettle) {
        RingProperties d = RingProperties.defaults();
        return new RingProperties(d.probeInterval(), d.probeTimeout(), d.indirectProbes(), suspicion, d.successors(),
                d.walkHopLimit(), d.hopTimeout(), d.joinTimeout(), d.discoveryInterval(), d.deadRetention(),
                d.connectTimeout(), d.handoverTimeout(), d.maxFrameBytes(), joinSettle, d.walkSegment(),
                d.discoveryIdleInterval());
    }

    @Test
    void aSuspicionTimeoutShorterThanThePausesConvictsLiveMembers() {
        // Pauses of up to 2 s are survived with the defaults; 600 ms of suspicion convicts a member paused for 1.5 s.
        RingProperties hasty = with(Duration.ofMillis(600), RingProperties.defaults().joinSettle());
        Simulation.Outcome caught = null;
        for (long seed = 1; seed <= 10 && caught == null; seed++) {
            Scenario scenario = new Scenario(8, Duration.ofSeconds(100), seed, EnumSet.of(FaultKind.PAUSE), 0, "lan",
                    hasty);
            Simulation.Outcome outcome = Simulation.run(scenario);
            if (outcome.violations().stream().anyMatch(v -> v.property().equals("no false dead"))) {
                caught = outcome;
            }
        }

        assertThat(caught).as("some seed's pauses convict a live member").isNotNull();
        assertThat(caught.figures().falseDead()).isPositive();
    }

    @Test
    void withoutWaitingForArrivalsNodesStartedTogetherSwitchRolesTheyDidNotNeedTo() {
        // join-settle 0 brings back the start race of issue 13: some seed among a few shows it.
        RingProperties eager = with(RingProperties.defaults().suspicionTimeout(), Duration.ZERO);
        boolean caught = false;
        for (long seed = 1; seed <= 10 && !caught; seed++) {
            Scenario scenario = new Scenario(5, Scenario.minimumLength(5, eager), seed, EnumSet.noneOf(FaultKind.class), 0,
                    "lan", eager);
            caught = Simulation.run(scenario).violations().stream()
                    .anyMatch(v -> v.property().equals("no needless switch at start"));
        }

        assertThat(caught).isTrue();
    }
}
