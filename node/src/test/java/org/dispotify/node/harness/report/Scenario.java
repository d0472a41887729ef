package org.dispotify.node.harness.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dispotify.node.harness.workload.Durability;
import org.dispotify.node.harness.workload.History;
import org.dispotify.node.harness.workload.Operation;

/** What a running scenario has measured so far; {@link FaultReport#run} turns it into a {@link ScenarioResult}. */
public final class Scenario {

    private final String name;
    private Duration detection;
    private Duration recovery;
    private long operations;
    private long failed;
    private long indeterminate;
    private long lost;
    private final List<String> notes = new ArrayList<>();

    Scenario(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Scenario detection(Duration detection) {
        this.detection = detection;
        return this;
    }

    public Scenario recovery(Duration recovery) {
        this.recovery = recovery;
        return this;
    }

    /** Counts the operations of {@code history} (all of them) as this scenario's: total, failed, indeterminate. */
    public Scenario workload(History history) {
        return operations(history.operations());
    }

    /** Counts these operations as this scenario's (e.g. only those since the fault). */
    public Scenario operations(List<Operation> ops) {
        this.operations = ops.size();
        this.failed = ops.stream().filter(o -> o.outcome() == Operation.Outcome.FAILED).count();
        this.indeterminate = ops.stream().filter(o -> o.outcome() == Operation.Outcome.INDETERMINATE).count();
        List<String> examples = ops.stream().filter(o -> !o.ok()).limit(3)
                .map(o -> o.kind() + " " + o.outcome() + " via " + o.target() + " after " + o.attempts() + " attempt(s): "
                        + o.detail())
                .toList();
        if (!examples.isEmpty()) {
            note("not ok, e.g.: " + String.join(" / ", examples));
        }
        return this;
    }

    /** Counts operations made outside a {@link History} (e.g. uploads by the CLI's uploader): total and failed. */
    public Scenario operations(long total, long failed) {
        this.operations = total;
        this.failed = failed;
        return this;
    }

    /** Lost writes from the end-of-run check; its time goes to recovery if none was set. */
    public Scenario durability(Durability.Verdict verdict) {
        this.lost = verdict.lost().size();
        note(verdict.toString());
        return this;
    }

    public Scenario lostWrites(long lost) {
        this.lost = lost;
        return this;
    }

    /** A figure worth keeping, e.g. "suspected 2 times, refuted 2 times". */
    public Scenario note(String note) {
        notes.add(note);
        System.out.println("[" + name + "] " + note);
        return this;
    }

    ScenarioResult result(String passLine, boolean passed, String failure, String suite, String finishedAt, long wallMs,
                          String commit, String skipped) {
        return new ScenarioResult(name, passLine, passed, millis(detection), operations, failed, indeterminate, lost,
                millis(recovery), String.join("; ", notes), failure, suite, finishedAt, wallMs, commit, skipped);
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }
}
