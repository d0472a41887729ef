package org.dispotify.node.harness.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.opentest4j.TestAbortedException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault report: {@code faults.json} (every scenario's {@link ScenarioResult}) and {@code faults.md}
 * (the same as a Markdown table) in {@link #directory()}. Each scenario adds or replaces its row, so
 * the ITs of one run (even in several JVMs) build one report; {@code bench/faults.sh} clears it first.
 * <pre>
 * FaultReport.run("kill -9 of a router", "no failed listener request after one retry", scenario -> {
 *     ...
 *     scenario.detection(d).workload(history);
 *     assertThat(history.failed()).isEmpty();
 * });
 * </pre>
 * The row is written whether the body passes or throws (then it says FAIL and why), and the
 * exception goes on to fail the test; a body that cannot run here (a {@link TestAbortedException}, e.g.
 * no nft for a partition) writes a "skipped" row with the reason, so the report lists every scenario of
 * the run. Each row names the commit it ran on; the report names the run ({@code bench/faults.sh}
 * passes its command line, start time and load: {@link #RUN_PROPERTY} and the ones after it).
 */
public final class FaultReport {

    /** Where the report goes; default {@code target/faults} (failsafe runs in the module directory). */
    public static final String DIRECTORY_PROPERTY = "dispotify.faults.report-dir";
    /** The command that ran the suite, e.g. {@code SUITE=full bench/faults.sh}. */
    public static final String RUN_PROPERTY = "dispotify.faults.run";
    /** When the run started (ISO-8601). */
    public static final String STARTED_PROPERTY = "dispotify.faults.started";
    /** The load average (1/5/15 min) when the run started. */
    public static final String LOAD_PROPERTY = "dispotify.faults.load-at-start";
    /** The commit under test; found with git when not given. */
    public static final String COMMIT_PROPERTY = "dispotify.faults.commit";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The whole file: when it was last written, on what machine, which run (command, start, load at start;
     * null when not run by {@code bench/faults.sh}), and the rows.
     */
    public record Report(String updatedAt, String machine, Run run, List<ScenarioResult> scenarios) {
    }

    /** The run that wrote the report. */
    public record Run(String command, String startedAt, String loadAtStart, String commit) {
    }

    /** A scenario's body; it may throw (an AssertionError fails the scenario). */
    @FunctionalInterface
    public interface Body {
        void run(Scenario scenario) throws Exception;
    }

    private FaultReport() {
    }

    public static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/faults"));
    }

    /** Runs {@code body}, then writes its row (PASS, FAIL with the first line of what was thrown, or skipped) and rethrows. */
    public static void run(String name, String passLine, Body body) throws Exception {
        Scenario scenario = new Scenario(name);
        long start = System.nanoTime();
        Throwable failure = null;
        String skipped = null;
        try {
            body.run(scenario);
        } catch (TestAbortedException e) {
            skipped = String.valueOf(e.getMessage()).strip();
            throw e;
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            String why = failure == null ? null : firstLine(failure);
            write(scenario.result(passLine, failure == null && skipped == null, why, Suite.name(), Instant.now().toString(),
                    (System.nanoTime() - start) / 1_000_000, commit(), skipped));
        }
    }

    /** Adds or replaces {@code result}'s row (by name) in faults.json and rewrites faults.md. */
    public static void write(ScenarioResult result) {
        write(directory(), result);
    }

    static synchronized void write(Path dir, ScenarioResult result) {
        try {
            Files.createDirectories(dir);
            // Several test JVMs may write at once: a lock file orders them.
            try (FileChannel lock = FileChannel.open(dir.resolve(".faults.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                Path json = dir.resolve("faults.json");
                List<ScenarioResult> rows = new ArrayList<>();
                if (Files.exists(json)) {
                    rows.addAll(JSON.readValue(json.toFile(), Report.class).scenarios());
                }
                rows.removeIf(r -> r.name().equals(result.name()));
                rows.add(result);
                rows.sort(Comparator.comparing(ScenarioResult::finishedAt));
                Report report = new Report(Instant.now().toString(), machine(), run(), rows);
                Files.writeString(json, JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("faults.md"), markdown(report), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the fault report in " + dir.toAbsolutePath(), e);
        }
    }

    /** The report as a Markdown table, one row per scenario. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault scenarios\n\n")
                .append("Written by the fault ITs (`bench/faults.sh`, or `./mvnw -B verify [-Pfaults]`), last at ")
                .append(report.updatedAt()).append(" on ").append(report.machine()).append(".\n")
                .append("Times in ms: detection = fault to the ring's first verdict; recovery = fault (or heal) to one ")
                .append("view and every song on 2 data nodes. Failed operations are client operations that failed ")
                .append("on every router the name service listed (and after one retry of an answered failure); ")
                .append("indeterminate uploads in brackets.\n\n")
                .append("| scenario | pass line | result | detection | failed ops | lost writes | recovery | suite | commit | notes |\n")
                .append("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
        for (ScenarioResult r : report.scenarios()) {
            String result = r.skipped() != null ? "skipped: " + cell(r.skipped())
                    : r.passed() ? "**pass**" : "**FAIL**: " + cell(r.failure());
            md.append("| ").append(cell(r.name()))
                    .append(" | ").append(cell(r.passLine()))
                    .append(" | ").append(result)
                    .append(" | ").append(r.detectionMs() == null ? "-" : r.detectionMs())
                    .append(" | ").append(r.failedOperations()).append(" of ").append(r.operations())
                    .append(r.indeterminateOperations() > 0 ? " (" + r.indeterminateOperations() + ")" : "")
                    .append(" | ").append(r.lostWrites())
                    .append(" | ").append(r.recoveryMs() == null ? "-" : r.recoveryMs())
                    .append(" | ").append(r.suite())
                    .append(" | ").append(r.commit() == null ? "-" : cell(r.commit()))
                    .append(" | ").append(cell(r.notes())).append(" |\n");
        }
        long passed = report.scenarios().stream().filter(ScenarioResult::passed).count();
        long skipped = report.scenarios().stream().filter(r -> r.skipped() != null).count();
        md.append("\n").append(passed).append(" of ").append(report.scenarios().size()).append(" scenarios passed")
                .append(skipped > 0 ? ", " + skipped + " skipped" : "").append(".\n");
        Run run = report.run();
        if (run != null) {
            md.append("\n- Run: `").append(run.command()).append("`, started ").append(run.startedAt())
                    .append(", commit ").append(run.commit()).append("; load average (1/5/15 min) at start ")
                    .append(run.loadAtStart()).append(".\n");
        }
        return md.toString();
    }

    private static Run run() {
        String command = System.getProperty(RUN_PROPERTY, "");
        return command.isBlank() ? null : new Run(command, System.getProperty(STARTED_PROPERTY, "?"),
                System.getProperty(LOAD_PROPERTY, "?"), commit());
    }

    private static volatile String commit;

    /** The commit under test: {@link #COMMIT_PROPERTY}, else {@code git describe} of the working tree, else null. */
    static String commit() {
        String known = commit;
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String given = System.getProperty(COMMIT_PROPERTY, "");
        if (given.isBlank()) {
            given = git("describe", "--always", "--dirty", "--abbrev=12");
        }
        commit = given == null ? "" : given.strip();
        return commit.isEmpty() ? null : commit;
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return git.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String machine() {
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // Not Linux: no load average.
        }
        return String.format(Locale.ROOT, "%d cores, Java %s, load %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), load);
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage()).strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return t.getClass().getSimpleName() + ": " + (first.length() > 300 ? first.substring(0, 300) + "..." : first);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
