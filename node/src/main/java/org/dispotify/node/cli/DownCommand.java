package org.dispotify.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dispotify.node.local.ClusterState;
import org.dispotify.node.local.ManagedProcess;
import org.dispotify.node.local.ProcessStopper;
import org.dispotify.node.local.StateDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dispotify down}: stops what `dispotify up` started from the same state directory. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local cluster started by `dispotify up`.")
public final class DownCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
        StateDir state = new StateDir(dir);
        Optional<ClusterState> running = ClusterState.read(state);
        if (running.isEmpty()) {
            System.out.println("Nothing is running from " + state.root() + ".");
            return 0;
        }
        // The supervisor stops its children in order on SIGTERM; anything left after that is stopped here.
        ProcessStopper.stop(List.of(running.get().supervisor()), Duration.ofSeconds(40));
        List<ManagedProcess> children = new ArrayList<>(running.get().processes());
        int leftovers = ProcessStopper.stop(children, Duration.ofSeconds(15));
        long stillAlive = children.stream().filter(p -> p.handle().isPresent()).count();
        if (stillAlive > 0) {
            throw new CliException(stillAlive + " processes could not be stopped; see ./dispotify status", 1);
        }
        try {
            java.nio.file.Files.deleteIfExists(state.clusterFile());
        } catch (java.io.IOException e) {
            throw new CliException("stopped everything but could not remove " + state.clusterFile() + ": " + e.getMessage(), 1);
        }
        System.out.printf("Stopped the cluster in %s%s.%n", state.root(),
                leftovers > 0 ? " (" + leftovers + " processes needed a direct stop)" : "");
        return 0;
    }
}
