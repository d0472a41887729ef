package org.dispotify.node.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process that `dispotify up` started. The start time guards against PID reuse: `down` signals a
 * PID only while it still names the process that was started.
 *
 * @param name           {@code dns} or {@code node-<port>}
 * @param kind           {@code dns} or {@code node}
 * @param pid            the OS process id
 * @param startedAtMillis the process's start time as the OS reports it
 * @param port           its HTTP port
 */
public record ManagedProcess(String name, String kind, long pid, long startedAtMillis, int port) {

    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    static ManagedProcess of(String name, String kind, ProcessHandle handle, int port) {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ManagedProcess(name, kind, handle.pid(), started, port);
    }

    /** The live process this record names, if it is still the one that was started. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle handle) {
        if (startedAtMillis == 0) {
            return true;
        }
        return handle.info().startInstant()
                .map(start -> Math.abs(start.toEpochMilli() - startedAtMillis) <= START_TOLERANCE.toMillis())
                .orElse(false);
    }
}
