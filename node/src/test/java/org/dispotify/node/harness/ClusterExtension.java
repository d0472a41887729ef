package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link Cluster} per test class, as a static {@code @RegisterExtension} field:
 * <pre>
 * &#64;RegisterExtension
 * static final ClusterExtension CLUSTER = new ClusterExtension(builder -> builder.fastStart());
 * </pre>
 * Before all tests it builds the cluster in a fresh directory under {@code target/harness} and starts
 * the name service (the class starts its nodes). After all tests it kills every process it started,
 * also when a test or a setup method failed. On any failure it prints the tail of every log and keeps
 * the directory; after a clean run it deletes it.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

    private static final int TAIL_LINES = 60;

    private final Consumer<Cluster.Builder> settings;
    private Cluster cluster;
    private boolean failed;
    private Throwable reported;
    private TestAbortedException unavailable;

    public ClusterExtension(Consumer<Cluster.Builder> settings) {
        this.settings = settings;
    }

    /**
     * The class's cluster; throws the {@link TestAbortedException} that kept it from being built (a fault
     * this machine cannot inject), so a scenario's report row can say it was skipped, and why.
     */
    public Cluster cluster() {
        if (unavailable != null) {
            throw unavailable;
        }
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts in beforeAll; use it from tests or @BeforeEach");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path root = Path.of("target", "harness");
        Files.createDirectories(root);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        Path dir = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-" + stamp + "-");
        Cluster.Builder builder = Cluster.builder(dir.toAbsolutePath());
        settings.accept(builder);
        try {
            cluster = builder.build();
        } catch (TestAbortedException e) {
            // Not here: the tests meet it when they ask for the cluster (and skip, with a report row).
            unavailable = e;
            return;
        }
        try {
            cluster.startNameService();
        } catch (RuntimeException | Error e) {
            report(context, e);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster == null) {
            return;
        }
        cluster.close();
        if (!failed) {
            delete(cluster.dir());
        } else {
            System.out.println("cluster files kept in " + cluster.dir());
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        report(context, cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable e) throws Throwable {
        report(context, e);
        throw e;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable e) throws Throwable {
        report(context, e);
        throw e;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable e) throws Throwable {
        report(context, e);
        throw e;
    }

    private void report(ExtensionContext context, Throwable cause) {
        failed = true;
        if (cluster == null || cause == reported) {
            return;
        }
        reported = cause;
        String report = "\n##### " + context.getDisplayName() + " failed: " + cause + "\n##### logs of "
                + cluster.dir() + cluster.tails(TAIL_LINES);
        // Failsafe keeps it in target/failsafe-reports/<class>-output.txt.
        System.out.println(report);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
