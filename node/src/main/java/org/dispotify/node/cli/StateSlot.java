package org.dispotify.node.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state directory claimed from a shared one: the first {@code slot-N} under it whose lock file no
 * running process holds. Replicas of one scaled service (`docker compose up --scale node=N`) share a
 * single volume this way, each with a folder of its own that outlives the container: a replacement
 * replica takes over a free slot, with that slot's node id and songs.
 *
 * @param dir  the claimed folder
 * @param lock held until the process exits (the operating system drops it even on kill -9)
 */
record StateSlot(Path dir, FileLock lock) {

    static final int MAX_SLOTS = 256;
    private static final String LOCK_FILE = ".slot.lock";
    // Strong references: an unreachable channel is closed by its cleaner, which would free the slot.
    private static final Set<StateSlot> HELD = ConcurrentHashMap.newKeySet();

    static StateSlot claim(Path shared) {
        for (int i = 1; i <= MAX_SLOTS; i++) {
            Path dir = shared.resolve("slot-" + i);
            FileChannel channel = null;
            try {
                Files.createDirectories(dir);
                channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    StateSlot slot = new StateSlot(dir, lock);
                    HELD.add(slot);
                    return slot;
                }
                channel.close();
            } catch (OverlappingFileLockException e) {
                // Held by this very JVM (only in tests: a server process claims one slot).
                closeQuietly(channel);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new CliException("cannot claim a state slot in " + shared + ": " + e.getMessage());
            }
        }
        throw new CliException("all " + MAX_SLOTS + " state slots in " + shared + " are taken");
    }

    /** Frees the slot for another process (a server never calls it: its exit frees the slot). */
    void release() throws IOException {
        HELD.remove(this);
        lock.channel().close();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to undo: the channel held no lock.
            }
        }
    }
}
