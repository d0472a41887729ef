package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dispotify.ring.sim.Simulation.Observed;
import org.dispotify.ring.view.RingEvent;

/**
 * What a run measured.
 *
 * @param detections       crash to the first verdict on it, per crash, in milliseconds
 * @param startOneView     milliseconds from the first start to one view (-1: not before the faults began)
 * @param tailOneView      milliseconds from the last fault's end to one view (-1: never)
 * @param walks            walk durations (start to the count at home), milliseconds, of walks that counted
 *                         at least 90 % of the running members
 * @param messagesPerMemberSecond over the whole run, per running member
 * @param bytesPerMemberSecond    likewise
 * @param quietMessagesPerMemberSecond in the quiet last ten seconds
 * @param quietBytesPerMemberSecond    likewise
 * @param deadVerdicts     members' own dead verdicts, in all
 * @param falseDead        verdicts no crash, long pause, cut or heavy loss explains
 * @param switches         role switches
 * @param simulatedSeconds the run's length
 * @param wallSeconds      how long it took to run
 * @param tasks            events the simulation ran
 * @param typeCounts       messages per type: {count, bytes}
 */
public record Figures(List<Long> detections, long startOneView, long tailOneView, List<Long> walks,
        double messagesPerMemberSecond, double bytesPerMemberSecond, double quietMessagesPerMemberSecond,
        double quietBytesPerMemberSecond, int deadVerdicts, int falseDead, int switches, double simulatedSeconds,
        double wallSeconds, long tasks, Map<String, long[]> typeCounts) {

    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    static Figures of(Observed run, long wallNanos) {
        List<Long> detections = detections(run);
        List<Long> walks = walks(run);
        double memberSeconds = 0;
        List<long[]> samples = run.running();
        for (long[] sample : samples) {
            memberSeconds += sample[1];
        }
        double messages = memberSeconds == 0 ? 0 : run.traffic().messages() / memberSeconds;
        double bytes = memberSeconds == 0 ? 0 : run.traffic().bytes() / memberSeconds;
        double[] quiet = quietRate(run);
        int verdicts = 0;
        int falseDead = Checks.falseVerdicts(run).size();
        int switches = 0;
        for (Trace.Event event : run.trace().events()) {
            if (event.type() == RingEvent.Type.DEAD && event.detail().startsWith("silent for")) {
                verdicts++;
            } else if (event.type() == RingEvent.Type.ROLE_SWITCHED && event.observer().equals(event.subject())) {
                switches++;
            }
        }
        long faultsFrom = run.scenario().faultsFrom().toNanos();
        long settled = Math.max(run.plan().lastEnd(), faultsFrom);
        return new Figures(detections, run.startConverged() < 0 ? -1 : run.startConverged() / MILLI,
                run.tailConverged() < 0 ? -1 : (run.tailConverged() - settled) / MILLI, walks, messages, bytes,
                quiet[0], quiet[1], verdicts, falseDead, switches, run.scenario().length().toNanos() / 1e9,
                wallNanos / 1e9, run.tasks(), run.traffic().byType());
    }

    /** {messages, bytes} per member per second over the quiet last ten seconds. */
    static double[] quietRate(Observed run) {
        long[] at = run.quietTraffic();
        if (at == null) {
            return new double[] {0, 0};
        }
        long members = run.processes().values().stream().filter(SimProcess::listening).count();
        if (members == 0) {
            return new double[] {0, 0};
        }
        double seconds = 10;
        return new double[] {(run.traffic().messages() - at[0]) / (members * seconds),
                (run.traffic().bytes() - at[1]) / (members * seconds)};
    }

    private static List<Long> detections(Observed run) {
        List<Long> out = new ArrayList<>();
        for (Trace.Done crash : run.trace().facts()) {
            if (crash.fact() != Trace.Fact.CRASHED) {
                continue;
            }
            run.trace().events().stream()
                    .filter(e -> e.type() == RingEvent.Type.DEAD && e.subject().equals(crash.subject())
                            && e.at() >= crash.at() && e.detail().startsWith("silent for"))
                    .findFirst()
                    .filter(e -> e.at() - crash.at() < 30 * SECOND)
                    .ifPresent(e -> out.add((e.at() - crash.at()) / MILLI));
        }
        Collections.sort(out);
        return out;
    }

    private static List<Long> walks(Observed run) {
        Map<String, Long> started = new HashMap<>();
        List<Long> out = new ArrayList<>();
        for (Trace.Event event : run.trace().events()) {
            String id = event.detail().split(" ", 2)[0];
            if (event.type() == RingEvent.Type.WALK_STARTED) {
                started.put(id, event.at());
            } else if (event.type() == RingEvent.Type.WALK_FINISHED && started.containsKey(id)) {
                int members = Integer.parseInt(event.detail().replaceAll(".* members=(\\d+) .*", "$1"));
                long up = run.running().stream().filter(r -> r[0] <= event.at()).mapToLong(r -> r[1])
                        .reduce((a, b) -> b).orElse(run.scenario().nodes());
                if (members * 10L >= up * 9L) {
                    out.add((event.at() - started.get(id)) / MILLI);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The {@code q}-quantile (0..1) of sorted values, or -1 when there are none. */
    public static long quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public double simulatedPerWallSecond() {
        return wallSeconds == 0 ? 0 : simulatedSeconds / wallSeconds;
    }
}
