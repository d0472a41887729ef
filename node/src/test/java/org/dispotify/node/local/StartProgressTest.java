package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StartProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advanceSeconds(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEveryChangeIsALineWithTheSecondsSinceThatProcessStarted() {
        StartProgress progress = new StartProgress(out, false, nanos::get);
        progress.starting("dns", 100);
        advanceSeconds(1.5);
        progress.ready("dns", "name service");
        progress.starting("node-8081", 101);
        progress.starting("node-8082", 102);
        advanceSeconds(2);
        progress.joined("node-8081", "data");
        advanceSeconds(0.5);
        progress.joined("node-8082", "router");
        progress.ready("node-8081", "data");
        advanceSeconds(1);
        progress.ready("node-8082", "router");
        progress.finished();

        assertThat(text().lines()).containsExactly(
                "  dns        starting (pid 100)",
                "  dns        ready as name service (1.5 s)",
                "  node-8081  starting (pid 101)",
                "  node-8082  starting (pid 102)",
                "  node-8081  joined the ring as data (2.0 s)",
                "  node-8082  joined the ring as router (2.5 s)",
                "  node-8081  ready as data (2.5 s)",
                "  node-8082  ready as router (3.5 s)",
                "3 processes ready in 5.0 s");
        assertThat(text()).doesNotContain("\033");
    }

    @Test
    void aRestartTellsWhyAndCountsItsSecondsFromTheNewStart() {
        StartProgress progress = new StartProgress(out, false, nanos::get);
        progress.starting("node-8081", 101);
        advanceSeconds(3);
        progress.restarting("node-8081", 202, "it exited with code 134, now without its startup archive");
        advanceSeconds(2);
        progress.ready("node-8081", "data");

        assertThat(text().lines()).containsExactly(
                "  node-8081  starting (pid 101)",
                "  node-8081  starting again (pid 202): it exited with code 134, now without its startup archive",
                "  node-8081  ready as data (2.0 s)");
    }

    @Test
    void onATerminalTheBlockIsRedrawnInPlaceOneRowPerProcess() {
        StartProgress progress = new StartProgress(out, true, nanos::get);
        progress.starting("node-8081", 101);
        progress.starting("node-8082", 102);
        advanceSeconds(1);
        progress.joined("node-8082", "router");

        String clear = "\033[2K";
        assertThat(text()).isEqualTo(
                clear + "  node-8081  starting (pid 101)\n"
                        // second frame: up one row, both rows drawn
                        + "\033[1A\r" + clear + "  node-8081  starting (pid 101)\n" + clear + "  node-8082  starting (pid 102)\n"
                        // third frame: up two rows, node-8082 has joined
                        + "\033[2A\r" + clear + "  node-8081  starting (pid 101)\n" + clear
                        + "  node-8082  joined the ring as router (1.0 s)\n");
    }
}
