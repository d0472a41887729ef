package org.dispotify.ring.sim;

import java.util.PriorityQueue;

/**
 * The one clock and event queue of a simulation. Tasks run one at a time in (time, order of
 * scheduling) order, so a run is a pure function of its seed: there are no threads, and ties are
 * broken by a sequence number, never by a hash or a wall clock.
 */
public final class VirtualTime {

    /** A task at a time; {@link #cancel()} drops it if it has not run. */
    public static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable body;
        boolean cancelled;

        Task(long at, long seq, Runnable body) {
            this.at = at;
            this.seq = seq;
            this.body = body;
        }

        public void cancel() {
            cancelled = true;
        }

        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long ran;
    private boolean nameThread;

    /** Names the running thread after the virtual time of each task, so log lines show it (for replaying a seed). */
    public void nameThreadAfterTime(boolean on) {
        nameThread = on;
    }

    /** Nanoseconds since the simulation began. */
    public long now() {
        return now;
    }

    /** Tasks run so far. */
    public long ran() {
        return ran;
    }

    /** Runs {@code body} at {@code atNanos} (now, if that is past). */
    public Task at(long atNanos, Runnable body) {
        Task task = new Task(Math.max(atNanos, now), seq++, body);
        queue.add(task);
        return task;
    }

    public Task after(long delayNanos, Runnable body) {
        return at(now + Math.max(0, delayNanos), body);
    }

    /** Runs every task due up to {@code untilNanos}, then sets the clock there. */
    public void runUntil(long untilNanos) {
        while (!queue.isEmpty() && queue.peek().at <= untilNanos) {
            Task task = queue.poll();
            if (task.cancelled) {
                continue;
            }
            now = task.at;
            ran++;
            if (nameThread) {
                Thread.currentThread().setName(String.format("t=%.3f", now / 1e9));
            }
            task.body.run();
        }
        now = Math.max(now, untilNanos);
    }
}
