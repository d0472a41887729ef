package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RoleSwitcherTest {

    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Test
    void everyHandoverHearsThatTheSwitchHappened() {
        CurrentRole role = new CurrentRole(Role.DATA, false);
        RoleSwitcher switcher = new RoleSwitcher(role, List.of(recording("a", Mono.empty()), recording("b", Mono.empty())),
                Duration.ofSeconds(5));

        StepVerifier.create(switcher.switchTo(Role.ROUTER)).expectNext(true).verifyComplete();

        assertThat(role.get()).isEqualTo(Role.ROUTER);
        assertThat(heard).containsExactly("a prepared", "b prepared", "a finished true", "b finished true");
    }

    @Test
    void theHandoversHearTheOutcomeBeforeTheCallerDoes() {
        CurrentRole role = new CurrentRole(Role.DATA, false);
        RoleSwitcher switcher = new RoleSwitcher(role, List.of(recording("drain", Mono.empty())), Duration.ofSeconds(5));
        List<String> heardByCaller = new CopyOnWriteArrayList<>();

        StepVerifier.create(switcher.switchTo(Role.ROUTER).doOnNext(switched -> heardByCaller.addAll(heard)))
                .expectNext(true).verifyComplete();
        assertThat(heardByCaller).as("what the handovers had heard when the caller learnt of the switch")
                .containsExactly("drain prepared", "drain finished true");

        heard.clear();
        heardByCaller.clear();
        RoleSwitcher failing = new RoleSwitcher(role, List.of(recording("drain", Mono.error(new IllegalStateException("no")))),
                Duration.ofSeconds(5));
        StepVerifier.create(failing.switchTo(Role.DATA).doOnError(error -> heardByCaller.addAll(heard)))
                .verifyError(IllegalStateException.class);
        assertThat(heardByCaller).containsExactly("drain prepared", "drain finished false");
    }

    @Test
    void aCancelledSwitchTellsEveryHandoverOnce() {
        CurrentRole role = new CurrentRole(Role.ROUTER, false);
        RoleSwitcher switcher = new RoleSwitcher(role, List.of(recording("slow", Mono.never())), Duration.ofSeconds(5));

        switcher.switchTo(Role.DATA).subscribe().dispose();

        assertThat(role.get()).isEqualTo(Role.ROUTER);
        assertThat(heard).containsExactly("slow prepared", "slow finished false");
    }

    @Test
    void aFailedHandoverLeavesTheRoleAndTellsEveryHandoverIncludingTheOnesThatNeverRan() {
        CurrentRole role = new CurrentRole(Role.DATA, false);
        RoleSwitcher switcher = new RoleSwitcher(role, List.of(recording("a", Mono.empty()),
                recording("b", Mono.error(new IllegalStateException("no other data node"))), recording("c", Mono.empty())),
                Duration.ofSeconds(5));

        StepVerifier.create(switcher.switchTo(Role.ROUTER)).verifyError(IllegalStateException.class);

        assertThat(role.get()).isEqualTo(Role.DATA);
        assertThat(heard).containsExactly("a prepared", "b prepared", "a finished false", "b finished false",
                "c finished false");
    }

    @Test
    void aHandoverThatOutlastsTheTimeoutIsToldTheSwitchWasGivenUp() {
        CurrentRole role = new CurrentRole(Role.ROUTER, false);
        RoleSwitcher switcher = new RoleSwitcher(role, List.of(recording("slow", Mono.never())), Duration.ofMillis(50));

        StepVerifier.create(switcher.switchTo(Role.DATA)).expectError().verify(Duration.ofSeconds(5));

        assertThat(role.get()).isEqualTo(Role.ROUTER);
        assertThat(heard).containsExactly("slow prepared", "slow finished false");
    }

    private RoleHandover recording(String name, Mono<Void> outcome) {
        return new RoleHandover() {
            @Override
            public Mono<Void> prepare(Role from, Role next) {
                heard.add(name + " prepared");
                return outcome;
            }

            @Override
            public void finished(Role from, Role next, boolean switched) {
                heard.add(name + " finished " + switched);
            }
        };
    }
}
