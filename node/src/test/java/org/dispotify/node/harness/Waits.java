package org.dispotify.node.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait in the harness has a limit and says what it was waiting for. */
public final class Waits {

    private Waits() {
    }

    /**
     * Polls {@code problem} until it reports none; fails after {@code limit} with the last problem seen.
     * Returns how long it took.
     */
    public static Duration until(String what, Duration limit, Duration poll, Supplier<Optional<String>> problem) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        String last = "not checked yet";
        while (true) {
            Optional<String> now = problem.get();
            if (now.isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            last = now.get();
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what + ": " + last);
            }
            sleep(poll);
        }
    }

    public static Duration until(String what, Duration limit, Duration poll, BooleanSupplier condition) {
        return until(what, limit, poll, () -> condition.getAsBoolean() ? Optional.empty() : Optional.of("not yet"));
    }

    /**
     * Checks {@code problem} every {@code poll} for {@code duration}, failing at the first one it reports:
     * "nothing goes wrong for a while" (e.g. no late role switch), as opposed to {@link #until}.
     */
    public static void holds(String what, Duration duration, Duration poll, Supplier<Optional<String>> problem) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (true) {
            Optional<String> now = problem.get();
            if (now.isPresent()) {
                throw new AssertionError("expected " + what + " for " + duration.toMillis() + " ms, but: " + now.get());
            }
            if (System.nanoTime() >= deadline) {
                return;
            }
            sleep(poll);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
