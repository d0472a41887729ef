package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private static MemberEntry member(String id, double position, long incarnation, MemberStatus status) {
        return new MemberEntry(id, "127.0.0.1", 9000 + id.charAt(0), Role.DATA, false, position, incarnation, status);
    }

    @Test
    void higherIncarnationWinsThenTheLaterStatus() {
        Membership view = new Membership(member("a", 0.1, 1, MemberStatus.ALIVE));
        assertThat(view.merge(member("b", 0.5, 1, MemberStatus.ALIVE), 0)).isEqualTo(Membership.Change.ADDED);
        assertThat(view.merge(member("b", 0.5, 1, MemberStatus.SUSPECT), 0)).isEqualTo(Membership.Change.SUSPECTED);
        assertThat(view.merge(member("b", 0.5, 1, MemberStatus.ALIVE), 0)).as("stale alive").isEqualTo(Membership.Change.NONE);
        assertThat(view.merge(member("b", 0.5, 2, MemberStatus.ALIVE), 0)).as("refuted").isEqualTo(Membership.Change.RECOVERED);
        assertThat(view.merge(member("b", 0.5, 2, MemberStatus.DEAD), 0)).isEqualTo(Membership.Change.DIED);
        assertThat(view.merge(member("b", 0.5, 2, MemberStatus.ALIVE), 0)).as("no resurrection").isEqualTo(Membership.Change.NONE);
        assertThat(view.merge(member("b", 0.7, 3, MemberStatus.ALIVE), 0)).as("rejoin").isEqualTo(Membership.Change.ADDED);
    }

    @Test
    void theRingOrderDoesNotDependOnTheOrderOfArrival() {
        List<MemberEntry> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            updates.add(member("m" + i, (i * 37 % 20) / 20.0, 1, MemberStatus.ALIVE));
            updates.add(member("m" + i, (i * 37 % 20) / 20.0, 1, i % 3 == 0 ? MemberStatus.SUSPECT : MemberStatus.ALIVE));
        }
        Membership first = new Membership(member("a", 0.99, 1, MemberStatus.ALIVE));
        updates.forEach(u -> first.merge(u, 0));
        Membership second = new Membership(member("a", 0.99, 1, MemberStatus.ALIVE));
        Collections.shuffle(updates, new Random(7));
        updates.forEach(u -> second.merge(u, 0));

        assertThat(second.ring()).isEqualTo(first.ring());
        assertThat(second.digest()).isEqualTo(first.digest());
    }

    @Test
    void aNewcomerLandsRightAfterItsContact() {
        Membership view = new Membership(member("a", 0.9, 1, MemberStatus.ALIVE));
        view.merge(member("b", 0.2, 1, MemberStatus.ALIVE), 0);

        double position = view.positionForNewcomer();
        view.merge(member("n", position, 1, MemberStatus.ALIVE), 0);

        assertThat(view.successors(2)).extracting(MemberEntry::nodeId).containsExactly("n", "b");
        assertThat(view.predecessor()).map(MemberEntry::nodeId).contains("b");
    }

    @Test
    void deadMembersLeaveTheRingAndAreForgottenAfterTheRetention() {
        Membership view = new Membership(member("a", 0.1, 1, MemberStatus.ALIVE));
        view.merge(member("b", 0.4, 1, MemberStatus.ALIVE), 0);
        view.merge(member("c", 0.6, 1, MemberStatus.ALIVE), 0);
        view.merge(member("b", 0.4, 1, MemberStatus.DEAD), 1_000);

        assertThat(view.successors(2)).extracting(MemberEntry::nodeId).containsExactly("c");
        assertThat(view.purge(1_000 + Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(60))).isZero();
        assertThat(view.purge(1_000 + Duration.ofSeconds(61).toNanos(), Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(view.get("b")).isEmpty();
    }
}
