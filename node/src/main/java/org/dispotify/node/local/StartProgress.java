package org.dispotify.node.local;

import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What `up` shows while its processes start: per process, starting, joined the ring as data or router, ready, each
 * with the seconds since it was started, and at the end the total. On a terminal it is one live block, redrawn in
 * place; anywhere else (a log, a pipe, a test) a line per change, so nothing is lost.
 */
public final class StartProgress {

    private static final String CLEAR_LINE = "\033[2K";

    private final PrintStream out;
    private final boolean live;
    private final LongSupplier nanos;
    private final long began;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawn;

    /** One process's state. */
    private record Row(String name, String text, long startedNanos) {
    }

    /**
     * @param live  redraw one block in place (a terminal) rather than print a line per change
     * @param nanos the monotonic clock, in nanoseconds
     */
    public StartProgress(PrintStream out, boolean live, LongSupplier nanos) {
        this.out = out;
        this.live = live;
        this.nanos = nanos;
        this.began = nanos.getAsLong();
    }

    /** Progress on standard output, live when it is a terminal. */
    public static StartProgress onStandardOutput() {
        return new StartProgress(System.out, isTerminal(), System::nanoTime);
    }

    public synchronized void starting(String name, long pid) {
        update(name, "starting (pid " + pid + ")", true);
    }

    public synchronized void restarting(String name, long pid, String why) {
        update(name, "starting again (pid " + pid + "): " + why, true);
    }

    public synchronized void joined(String name, String role) {
        update(name, "joined the ring as " + role + seconds(name), false);
    }

    public synchronized void ready(String name, String role) {
        update(name, "ready as " + role + seconds(name), false);
    }

    /** The closing line: how many processes and how long since the progress began. */
    public synchronized void finished() {
        out.printf("%d processes ready in %.1f s%n", rows.size(), (nanos.getAsLong() - began) / 1e9);
        out.flush();
    }

    private String seconds(String name) {
        Row row = rows.get(name);
        return row == null ? "" : String.format(" (%.1f s)", (nanos.getAsLong() - row.startedNanos()) / 1e9);
    }

    private void update(String name, String text, boolean restartClock) {
        Row previous = rows.get(name);
        long started = previous == null || restartClock ? nanos.getAsLong() : previous.startedNanos();
        rows.put(name, new Row(name, text, started));
        if (live) {
            redraw();
        } else {
            out.println(line(rows.get(name)));
        }
        out.flush();
    }

    private void redraw() {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append("\033[").append(drawn).append('A').append('\r');
        }
        List<Row> all = new ArrayList<>(rows.values());
        for (Row row : all) {
            frame.append(CLEAR_LINE).append(line(row)).append('\n');
        }
        drawn = all.size();
        out.print(frame);
    }

    private static String line(Row row) {
        return String.format("  %-10s %s", row.name(), row.text());
    }

    /** Standard output is an interactive terminal (JDK 22+ has a console even when it is not; ask it then). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
