package org.dispotify.data.system;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The data role's threads. Blocking work never runs on a Netty event loop: SQLite reads, file I/O
 * and audio analysis go to {@link #io()}, a bounded pool; every write goes to {@link #writer()}, one
 * thread, because SQLite allows one writer at a time and queueing in-process beats spinning on
 * SQLITE_BUSY.
 */
@Component
public class DataSchedulers implements DisposableBean {

    private final Scheduler io;
    private final Scheduler writer;

    DataSchedulers(DataProperties properties) {
        this.io = Schedulers.newBoundedElastic(properties.ioThreads(), 100_000, "dispotify-data-io", 60, true);
        this.writer = Schedulers.newSingle("dispotify-data-writer", true);
    }

    public Scheduler io() {
        return io;
    }

    public Scheduler writer() {
        return writer;
    }

    @Override
    public void destroy() {
        io.dispose();
        writer.dispose();
    }
}
