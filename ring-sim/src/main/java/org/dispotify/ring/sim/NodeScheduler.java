package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * The scheduler of one simulated process, on {@link VirtualTime}. It runs one task at a time (the whole
 * simulation does), as the ring's single-threaded scheduler must. A paused process (SIGSTOP) runs
 * nothing: tasks that fall due meanwhile are held, and on resume the overdue timers run first, then
 * what arrived meanwhile, as after a real pause. A stopped process (crashed, or left) drops everything.
 */
public final class NodeScheduler implements Scheduler {

    private final VirtualTime time;
    private final List<Runnable> heldTimers = new ArrayList<>();
    private final List<Runnable> heldArrivals = new ArrayList<>();
    private boolean paused;
    private boolean stopped;
    private long clockOffset;

    public NodeScheduler(VirtualTime time) {
        this.time = time;
    }

    /** This process's monotonic clock: virtual time, plus any forward jumps it suffered. */
    public long nanoTime() {
        return time.now() + clockOffset;
    }

    /** The monotonic clock jumps ahead by {@code nanos} (a VM resumed after a host suspend); timers are not moved. */
    public void jumpClock(long nanos) {
        clockOffset += Math.max(0, nanos);
    }

    public void pause() {
        paused = true;
    }

    public boolean paused() {
        return paused;
    }

    public void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        List<Runnable> due = new ArrayList<>(heldTimers);
        due.addAll(heldArrivals);
        heldTimers.clear();
        heldArrivals.clear();
        due.forEach(task -> time.after(0, gate(task, false)));
    }

    /** Stops the process for good: nothing held or scheduled runs any more. */
    public void stop() {
        stopped = true;
        heldTimers.clear();
        heldArrivals.clear();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Delivers an inbound message's handling after {@code delayNanos} (held while paused, like a socket's buffer). */
    public void arrive(long delayNanos, Runnable handling) {
        if (!stopped) {
            time.after(delayNanos, gate(handling, false));
        }
    }

    @Override
    public Disposable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        if (stopped) {
            return Disposables.disposed();
        }
        VirtualTime.Task scheduled = time.after(unit.toNanos(delay), gate(task, delay > 0));
        return new Disposable() {
            @Override
            public void dispose() {
                scheduled.cancel();
            }

            @Override
            public boolean isDisposed() {
                return scheduled.cancelled();
            }
        };
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        PeriodicTask periodic = new PeriodicTask(task, unit.toNanos(period));
        periodic.next = schedule(periodic, initialDelay, unit);
        return periodic;
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
        return new NodeWorker();
    }

    @Override
    public void dispose() {
        // Owned by the simulation, which stops it explicitly.
    }

    private Runnable gate(Runnable task, boolean timer) {
        return () -> {
            if (stopped) {
                return;
            }
            if (paused) {
                (timer ? heldTimers : heldArrivals).add(task);
                return;
            }
            task.run();
        };
    }

    private final class PeriodicTask implements Runnable, Disposable {
        final Runnable body;
        final long period;
        Disposable next = () -> { };
        boolean disposed;

        PeriodicTask(Runnable body, long period) {
            this.body = body;
            this.period = period;
        }

        @Override
        public void run() {
            if (!disposed) {
                body.run();
                next = schedule(this, period, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void dispose() {
            disposed = true;
            next.dispose();
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /** A worker: once disposed, the tasks it scheduled that have not run yet do nothing. */
    private final class NodeWorker implements Worker {
        private boolean disposed;

        @Override
        public Disposable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            if (disposed) {
                return Disposables.disposed();
            }
            return NodeScheduler.this.schedule(() -> {
                if (!disposed) {
                    task.run();
                }
            }, delay, unit);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return NodeScheduler.this.schedulePeriodically(() -> {
                if (!disposed) {
                    task.run();
                }
            }, initialDelay, period, unit);
        }

        @Override
        public void dispose() {
            disposed = true;
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}
