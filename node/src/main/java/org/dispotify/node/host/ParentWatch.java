package org.dispotify.node.host;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a child process of `dispotify up` when its parent is gone, so no JVM outlives the command that
 * started it even if that command was killed with SIGKILL and its shutdown hook never ran.
 */
public final class ParentWatch {

    public static final String PARENT_PID_ENV = "DISPOTIFY_PARENT_PID";
    private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {
    }

    /** Starts watching if {@value #PARENT_PID_ENV} names a process; does nothing otherwise. */
    public static void startIfRequested() {
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getenv(PARENT_PID_ENV))
                .filter(s -> s.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)));
        if (parent.isEmpty()) {
            if (System.getenv(PARENT_PID_ENV) != null) {
                log.warn("parent process {} is already gone; exiting", System.getenv(PARENT_PID_ENV));
                System.exit(3);
            }
            return;
        }
        ProcessHandle handle = parent.get();
        Thread watcher = new Thread(() -> {
            handle.onExit().join();
            log.warn("parent process {} exited; stopping", handle.pid());
            System.exit(3);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
