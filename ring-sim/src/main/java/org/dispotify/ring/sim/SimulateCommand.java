package org.dispotify.ring.sim;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.sim.Scenario.FaultKind;
import org.dispotify.ring.sim.Simulation.Outcome;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dispotify simulate}: the ring's own code in the deterministic simulator. Prints a report per
 * run (or a summary of many seeds) and exits 1 if any property broke, naming the command that replays it.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run the ring's own code (ring-lib) in the deterministic simulator: N nodes in one JVM on "
                + "virtual time, simulated links and name service, faults drawn from the seed. Checks the ring's "
                + "properties on every run; a seed replays exactly.",
                "Faults: crash, pause, long-pause, partition, one-way, loss, duplicate, reorder, delay, clock-jump, "
                + "name-service, leave, join (or all, none)."})
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "100", description = "Nodes started at the beginning (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seconds", defaultValue = "600", description = "Simulated seconds (default: ${DEFAULT-VALUE}; at least 84).")
    long seconds;

    @Option(names = "--seed", description = "The seed that decides everything (default: a random one, printed).")
    Long seed;

    @Option(names = "--seeds", defaultValue = "1", description = "Runs this many seeds, from --seed on (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--faults", defaultValue = "all", description = "Comma-separated fault kinds, all or none (default: ${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--loss", defaultValue = "0", description = "Share of messages lost on every link, all run long, 0..0.5 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--latency", defaultValue = "lan", description = "Link latency profile: lan (0.1-1 ms) or wan (5-50 ms) (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--walk-segment", description = "Members per walk segment (default: the ring's, 32); a number at least the "
            + "ring's size walks it in one sequence, as the original design did.")
    Integer walkSegment;

    @Option(names = "--progress", description = "Print how far a run got every 10 simulated seconds (to stderr).")
    boolean progress;

    @Option(names = "--log", defaultValue = "warn", description = "The ring's log level during the run: warn or info (info "
            + "prints every ring event with its virtual time, for replaying a seed) (default: ${DEFAULT-VALUE}).")
    String log;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Set<FaultKind> kinds;
        try {
            kinds = FaultKind.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long first = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1");
        }
        System.setProperty("dispotify.sim.log", log);
        List<Outcome> failed = new ArrayList<>();
        List<Outcome> all = new ArrayList<>();
        for (long s = first; s < first + seeds; s++) {
            Scenario scenario;
            try {
                scenario = new Scenario(nodes, Duration.ofSeconds(seconds), s, kinds, loss, latency, properties());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter err = spec.commandLine().getErr();
            Outcome outcome = Simulation.run(scenario, line -> {
                if (progress) {
                    err.println(line);
                    err.flush();
                }
            });
            all.add(outcome);
            if (!outcome.passed()) {
                failed.add(outcome);
            }
            if (seeds == 1 || !outcome.passed()) {
                out.print(Report.of(outcome));
            }
        }
        if (seeds > 1) {
            out.print(Report.summary(all));
        }
        out.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    private RingProperties properties() {
        RingProperties defaults = RingProperties.defaults();
        if (walkSegment == null) {
            return defaults;
        }
        return new RingProperties(defaults.probeInterval(), defaults.probeTimeout(), defaults.indirectProbes(),
                defaults.suspicionTimeout(), defaults.successors(), Math.max(defaults.walkHopLimit(), walkSegment + 2),
                defaults.hopTimeout(), defaults.joinTimeout(), defaults.discoveryInterval(), defaults.deadRetention(),
                defaults.connectTimeout(), defaults.handoverTimeout(), defaults.maxFrameBytes(), defaults.joinSettle(),
                walkSegment, defaults.discoveryIdleInterval());
    }

    /** Runs the simulator without the rest of dispotify.jar. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
