package org.dispotify.node.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops processes politely (SIGTERM), then firmly (SIGKILL) after a grace period. */
public final class ProcessStopper {

    private ProcessStopper() {
    }

    /** Stops every live process of {@code processes}; returns how many were running. */
    public static int stop(List<ManagedProcess> processes, Duration grace) {
        List<ProcessHandle> live = processes.stream().map(ManagedProcess::handle).flatMap(Optional::stream).toList();
        live.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = live.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            live.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitQuietly(exits, Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.forEach(ProcessHandle::destroyForcibly);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return live.size();
    }

    private static void awaitQuietly(CompletableFuture<?>[] exits, Duration limit) {
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // SIGKILL cannot be refused; a process still listed here is a zombie its parent will reap.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
