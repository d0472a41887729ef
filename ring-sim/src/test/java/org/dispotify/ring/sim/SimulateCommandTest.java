package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** `dispotify simulate` as a user runs it: a report, exit 0 when every property holds. */
class SimulateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aSmallRunReportsItsFiguresAndThatEveryPropertyHeld() {
        assertThat(run("--nodes", "6", "--seconds", "90", "--seed", "11", "--faults", "crash,pause")).isZero();

        assertThat(out.toString()).contains("simulated 6 nodes for 90 s (seed 11, faults crash,pause, lan links)")
                .contains("detection after a crash").contains("per member per second").contains("properties: all hold");
    }

    @Test
    void severalSeedsEndWithASummary() {
        assertThat(run("--nodes", "4", "--seconds", "85", "--seed", "3", "--seeds", "3", "--faults", "none")).isZero();

        assertThat(out.toString()).contains("3 seeds: 3 held every property, 0 broke one");
    }

    @Test
    void aLossRateOutOfRangeIsRefused() {
        assertThat(run("--loss", "0.9")).isEqualTo(2);
        assertThat(err.toString()).contains("loss must be 0..0.5");
    }
}
