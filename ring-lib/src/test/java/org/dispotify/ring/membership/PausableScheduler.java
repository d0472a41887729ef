package org.dispotify.ring.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual-time scheduler that can be frozen, as a SIGSTOP freezes a JVM: nothing runs while paused.
 * On resume, overdue timers run first and then the messages that arrived meanwhile, as after a real
 * pause (the timer fires at once; inbound frames still have to be read off the socket).
 */
public final class PausableScheduler implements Scheduler {

    private final VirtualTimeScheduler time;
    private final List<Runnable> heldTimers = new ArrayList<>();
    private final List<Runnable> heldMessages = new ArrayList<>();
    private boolean paused;

    public PausableScheduler(VirtualTimeScheduler time) {
        this.time = time;
    }

    public synchronized void pause() {
        paused = true;
    }

    public void resume() {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            paused = false;
            due.addAll(heldTimers);
            due.addAll(heldMessages);
            heldTimers.clear();
            heldMessages.clear();
        }
        due.forEach(time::schedule);
    }

    private Runnable gate(Runnable task, boolean timer) {
        return () -> {
            synchronized (this) {
                if (paused) {
                    (timer ? heldTimers : heldMessages).add(task);
                    return;
                }
            }
            task.run();
        };
    }

    @Override
    public Disposable schedule(Runnable task) {
        return time.schedule(gate(task, false));
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return time.schedule(gate(task, true), delay, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return time.now(unit);
    }

    @Override
    public Worker createWorker() {
        Worker inner = time.createWorker();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return inner.schedule(gate(task, false));
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return inner.schedule(gate(task, true), delay, unit);
            }

            @Override
            public void dispose() {
                inner.dispose();
            }

            @Override
            public boolean isDisposed() {
                return inner.isDisposed();
            }
        };
    }
}
