package org.dispotify.ring.walk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Switches this node's role the safe way: every {@link RoleHandover} prepares first (a router that
 * becomes data pulls its songs), one after another; only when all have completed does
 * {@link CurrentRole#switchTo} flip the role. Any handover error or the timeout cancels the switch
 * and leaves the old role in place. Either way every handover hears how it ended
 * ({@link RoleHandover#finished}).
 */
public final class RoleSwitcher {

    private final CurrentRole role;
    private final List<RoleHandover> handovers;
    private final Duration timeout;

    public RoleSwitcher(CurrentRole role, List<RoleHandover> handovers, Duration timeout) {
        this.role = role;
        this.handovers = List.copyOf(handovers);
        this.timeout = timeout;
    }

    public CurrentRole role() {
        return role;
    }

    /** As {@link #switchTo(Role, Scheduler)}, the timeout on Reactor's parallel scheduler (real time). */
    public Mono<Boolean> switchTo(Role next) {
        return switchTo(next, Schedulers.parallel());
    }

    /**
     * Emits true once switched; false if the node is pinned or already holds {@code next}. The timeout
     * runs on {@code timer} (the ring's own scheduler, so a simulated ring keeps it in virtual time).
     */
    public Mono<Boolean> switchTo(Role next, Scheduler timer) {
        return Mono.defer(() -> {
            Role from = role.get();
            if (role.pinned() || from == next) {
                return Mono.just(false);
            }
            AtomicBoolean switched = new AtomicBoolean();
            AtomicBoolean told = new AtomicBoolean();
            Runnable tell = () -> {
                if (told.compareAndSet(false, true)) {
                    handovers.forEach(handover -> handover.finished(from, next, switched.get()));
                }
            };
            // The handovers hear the outcome before the caller does: a caller that acts on "switched" (say, lets
            // requests of the new role in) must find every handover's drain or hold already ended.
            return Flux.fromIterable(handovers)
                    .concatMap(handover -> handover.prepare(from, next))
                    .then(Mono.fromCallable(() -> {
                        switched.set(role.switchTo(next));
                        return switched.get();
                    }))
                    .timeout(timeout, timer)
                    .doOnSuccess(done -> tell.run())
                    .doOnError(error -> tell.run())
                    .doOnCancel(tell);
        });
    }
}
