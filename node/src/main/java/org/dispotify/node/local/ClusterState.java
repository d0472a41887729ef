package org.dispotify.node.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * What `dispotify up` is running, kept in {@code cluster.json} so that `down`, `status` and `logs`
 * (other processes) can find it.
 *
 * @param supervisor the `up` process itself
 * @param processes  its children, in start order
 */
public record ClusterState(ManagedProcess supervisor, List<ManagedProcess> processes) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ClusterState {
        processes = List.copyOf(processes);
    }

    /** With this process added, or in the place of an earlier one of the same name (a child started again). */
    ClusterState with(ManagedProcess process) {
        List<ManagedProcess> next = new ArrayList<>(processes);
        int earlier = next.stream().map(ManagedProcess::name).toList().indexOf(process.name());
        if (earlier >= 0) {
            next.set(earlier, process);
        } else {
            next.add(process);
        }
        return new ClusterState(supervisor, next);
    }

    public static Optional<ClusterState> read(StateDir dir) {
        Path file = dir.clusterFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void write(StateDir dir) {
        try {
            Files.createDirectories(dir.root());
            Path tmp = Files.createTempFile(dir.root(), "cluster", ".json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.clusterFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.clusterFile(), e);
        }
    }

    static void delete(StateDir dir) {
        try {
            Files.deleteIfExists(dir.clusterFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
