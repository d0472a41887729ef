package org.dispotify.data.replication;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The queue of background transfers (rebalancing, repairs, handovers): at most
 * {@code dispotify.data.replication.transfers} run at once, in the order they were asked for, all of
 * them sharing the byte rate of one {@link TransferLimiter}. A job runs to its end (or its timeout)
 * even if the one who asked stops waiting: a copy half made is wasted work.
 */
@Component
class BackgroundTransfers implements DisposableBean {

    private final Sinks.Many<Job<?>> jobs = Sinks.many().unicast().onBackpressureBuffer();
    private final TransferLimiter limiter;
    private final Disposable worker;

    BackgroundTransfers(ReplicationProperties properties) {
        this.limiter = new TransferLimiter(properties.transferRate().toBytes());
        this.worker = jobs.asFlux()
                .flatMap(job -> job.run().onErrorResume(e -> Mono.empty()), properties.transfers())
                .subscribe();
    }

    TransferLimiter limiter() {
        return limiter;
    }

    <T> Mono<T> submit(Mono<T> work) {
        return Mono.defer(() -> {
            Job<T> job = new Job<>(work, Sinks.one());
            Sinks.EmitResult emitted;
            synchronized (jobs) {
                emitted = jobs.tryEmitNext(job);
            }
            return emitted.isSuccess() ? job.result().asMono()
                    : Mono.error(new IllegalStateException("background transfers are shut down"));
        });
    }

    @Override
    public void destroy() {
        worker.dispose();
    }

    private record Job<T>(Mono<T> work, Sinks.One<T> result) {

        Mono<Void> run() {
            return work.doOnNext(result::tryEmitValue)
                    .doOnError(result::tryEmitError)
                    .doOnSuccess(value -> {
                        if (value == null) {
                            result.tryEmitEmpty();
                        }
                    })
                    .then();
        }
    }
}
