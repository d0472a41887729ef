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
 * exception goes on to fail the test.
 */
public final class FaultReport {

    /** Where the report goes; default {@code target/faults} (failsafe runs in the module directory). */
    public static final String DIRECTORY_PROPERTY = "dispotify.faults.report-dir";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The whole file: when it was last written, on what machine, and the rows. */
    public record Report(String updatedAt, String machine, List<ScenarioResult> scenarios) {
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

    /** Runs {@code body}, then writes its row (PASS, or FAIL with the first line of what was thrown) and rethrows. */
    public static void run(String name, String passLine, Body body) throws Exception {
        Scenario scenario = new Scenario(name);
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            body.run(scenario);
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            String why = failure == null ? null : firstLine(failure);
            write(scenario.result(passLine, failure == null, why, Suite.name(), Instant.now().toString(),
                    (System.nanoTime() - start) / 1_000_000));
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
                Report report = new Report(Instant.now().toString(), machine(), rows);
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
                .append("after one retry on another router (indeterminate uploads in brackets).\n\n")
                .append("| scenario | pass line | result | detection | failed ops | lost writes | recovery | suite | notes |\n")
                .append("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (ScenarioResult r : report.scenarios()) {
            md.append("| ").append(cell(r.name()))
                    .append(" | ").append(cell(r.passLine()))
                    .append(" | ").append(r.passed() ? "**pass**" : "**FAIL**: " + cell(r.failure()))
                    .append(" | ").append(r.detectionMs() == null ? "-" : r.detectionMs())
                    .append(" | ").append(r.failedOperations()).append(" of ").append(r.operations())
                    .append(r.indeterminateOperations() > 0 ? " (" + r.indeterminateOperations() + ")" : "")
                    .append(" | ").append(r.lostWrites())
                    .append(" | ").append(r.recoveryMs() == null ? "-" : r.recoveryMs())
                    .append(" | ").append(r.suite())
                    .append(" | ").append(cell(r.notes())).append(" |\n");
        }
        return md.toString();
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
