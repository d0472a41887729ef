package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dispotify.ring.sim.Simulation.Outcome;

/** Text reports of runs: one run in full, or many seeds of one shape in a summary. */
public final class Report {

    private Report() {
    }

    /** One run: the verdict on every property, then the figures. */
    public static String of(Outcome outcome) {
        Scenario s = outcome.scenario();
        Figures f = outcome.figures();
        StringBuilder out = new StringBuilder();
        out.append(String.format("simulated %d nodes for %d s (seed %d, faults %s%s, %s links)%n", s.nodes(),
                s.length().toSeconds(), s.seed(), Scenario.FaultKind.labels(s.faults()),
                s.loss() > 0 ? String.format(", %.0f %% loss throughout", s.loss() * 100) : "", s.latency()));
        out.append(String.format("  %.0f simulated seconds in %.1f s (%.1f per second), %d events%n",
                f.simulatedSeconds(), f.wallSeconds(), f.simulatedPerWallSecond(), f.tasks()));
        out.append(String.format("  one view: %s after the start, %s after the last fault%n",
                millis(f.startOneView()), millis(f.tailOneView())));
        out.append(String.format("  detection after a crash: %d crashes, p50 %s, p99 %s%n", f.detections().size(),
                millis(Figures.quantile(f.detections(), 0.5)), millis(Figures.quantile(f.detections(), 0.99))));
        out.append(String.format("  dead verdicts: %d, false: %d; role switches: %d%n", f.deadVerdicts(), f.falseDead(),
                f.switches()));
        out.append(String.format("  walks round the ring: %d, p50 %s, max %s%n", f.walks().size(),
                millis(Figures.quantile(f.walks(), 0.5)), millis(Figures.quantile(f.walks(), 1.0))));
        out.append(String.format("  per member per second: %.2f messages, %.0f bytes (quiet end: %.2f, %.0f)%n",
                f.messagesPerMemberSecond(), f.bytesPerMemberSecond(), f.quietMessagesPerMemberSecond(),
                f.quietBytesPerMemberSecond()));
        List<String> types = new ArrayList<>();
        for (Map.Entry<String, long[]> type : f.typeCounts().entrySet()) {
            types.add(type.getKey() + " " + type.getValue()[0]);
        }
        out.append("  messages: ").append(String.join(", ", types)).append(System.lineSeparator());
        if (outcome.passed()) {
            out.append("  properties: all hold").append(System.lineSeparator());
        } else {
            out.append("  PROPERTIES BROKEN:").append(System.lineSeparator());
            outcome.violations().forEach(v -> out.append("    - ").append(v).append(System.lineSeparator()));
            out.append("  replay: ").append(s.replayCommand()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Many seeds of one shape: how many held, and the figures pooled. */
    public static String summary(List<Outcome> outcomes) {
        List<Long> detections = new ArrayList<>();
        List<Long> walks = new ArrayList<>();
        List<Long> views = new ArrayList<>();
        double messages = 0;
        double bytes = 0;
        double wall = 0;
        double simulated = 0;
        int falseDead = 0;
        int failed = 0;
        for (Outcome o : outcomes) {
            Figures f = o.figures();
            detections.addAll(f.detections());
            walks.addAll(f.walks());
            if (f.tailOneView() >= 0) {
                views.add(f.tailOneView());
            }
            messages += f.quietMessagesPerMemberSecond();
            bytes += f.quietBytesPerMemberSecond();
            wall += f.wallSeconds();
            simulated += f.simulatedSeconds();
            falseDead += f.falseDead();
            failed += o.passed() ? 0 : 1;
        }
        java.util.Collections.sort(detections);
        java.util.Collections.sort(walks);
        java.util.Collections.sort(views);
        int n = outcomes.size();
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d seeds: %d held every property, %d broke one%n", n, n - failed, failed));
        out.append(String.format("  detection after a crash: %d crashes, p50 %s, p99 %s%n", detections.size(),
                millis(Figures.quantile(detections, 0.5)), millis(Figures.quantile(detections, 0.99))));
        out.append(String.format("  one view after the last fault: p50 %s, p99 %s, max %s%n",
                millis(Figures.quantile(views, 0.5)), millis(Figures.quantile(views, 0.99)),
                millis(Figures.quantile(views, 1.0))));
        out.append(String.format("  walks round the ring: %d, p50 %s, p99 %s%n", walks.size(),
                millis(Figures.quantile(walks, 0.5)), millis(Figures.quantile(walks, 0.99))));
        out.append(String.format("  quiet end, per member per second: %.2f messages, %.0f bytes%n", messages / n, bytes / n));
        out.append(String.format("  false dead: %d; %.0f simulated seconds in %.1f s (%.1f per second)%n", falseDead,
                simulated, wall, wall == 0 ? 0 : simulated / wall));
        return out.toString();
    }

    static String millis(long value) {
        return value < 0 ? "-" : value + " ms";
    }
}
