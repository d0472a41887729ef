package org.dispotify.node.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the harness's system tools ({@code ip}, {@code nft}) with a time limit; a failure says what failed and why. */
final class Commands {

    private static final long LIMIT_SECONDS = 15;

    private Commands() {
    }

    /** Runs {@code command} and returns its output; throws if it fails or outlives the limit. */
    static String run(List<String> command) {
        Result result = tryRun(command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exit() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    static String run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command}; exit -1 if it could not be started or timed out. */
    static Result tryRun(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + LIMIT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    static Result tryRun(String... command) {
        return tryRun(List.of(command));
    }

    record Result(int exit, String output) {

        boolean ok() {
            return exit == 0;
        }
    }

    /** The effective user is root (network namespaces, nft and cgroups need it). */
    static boolean root() {
        Result id = tryRun("id", "-u");
        return id.ok() && id.output().strip().equals("0");
    }
}
