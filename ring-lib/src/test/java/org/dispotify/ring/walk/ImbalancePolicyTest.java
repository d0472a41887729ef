package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImbalancePolicyTest {

    @ParameterizedTest(name = "{0} data + {1} routers -> {2} x{3}")
    @CsvSource({
            "1, 3, DATA, 1",     // a data node died in 2+3: below the minimum of 2
            "2, 0, ROUTER, 1",   // no router left
            "0, 2, DATA, 1",     // two members need one data node
            "5, 0, ROUTER, 3",   // five nodes that all started as data at once
            "1, 6, DATA, 2",     // off the 3:4 ratio by two
            "2, 3, NONE, 0",
            "2, 2, NONE, 0",
            "3, 3, NONE, 0",     // 2n/5 = 2.4: 2 or 3 data both fit, no flapping
            "3, 2, ROUTER, 1",   // five nodes started at once: 2n/5 = 2 exactly, so 3 data is one too many
            "3, 1, ROUTER, 1",   // four members: 2 + 2
            "5, 5, ROUTER, 1",   // ten members: exactly 4 data
            "3, 7, DATA, 1",
            "4, 6, NONE, 0",
            "3, 4, NONE, 0",     // 2n/5 = 2.8
            "2, 5, NONE, 0",
            "1, 0, NONE, 0",
            "0, 1, NONE, 0"
    })
    void asksForSwitchesOnlyWhenARoleIsShort(int data, int routers, String needed, int count) {
        var deficit = ImbalancePolicy.evaluate(data, routers);
        if (needed.equals("NONE")) {
            assertThat(deficit).isEmpty();
        } else {
            assertThat(deficit).contains(new ImbalancePolicy.Deficit(Role.valueOf(needed), count));
        }
    }

    @Test
    void aCorrectedRingAsksForNothingMoreAndEveryBandHoldsTheRatio() {
        for (int members = 1; members <= 60; members++) {
            int target = RoleRatio.dataNodesFor(members);
            assertThat(target).as("target for %d", members)
                    .isBetween(ImbalancePolicy.lowestData(members), ImbalancePolicy.highestData(members));
            assertThat(ImbalancePolicy.evaluate(target, members - target)).as("%d at the ratio", members).isEmpty();
            for (int data = 0; data <= members; data++) {
                int routers = members - data;
                var deficit = ImbalancePolicy.evaluate(data, routers);
                if (deficit.isEmpty()) {
                    continue;
                }
                int after = deficit.get().needed() == Role.DATA ? data + deficit.get().count() : data - deficit.get().count();
                assertThat(after).as("%d data + %d routers corrected", data, routers).isEqualTo(target);
                assertThat(ImbalancePolicy.evaluate(after, members - after)).as("after correcting %d + %d", data, routers)
                        .isEmpty();
            }
        }
    }

    @Test
    void fiveAndTenMembersToleratePreciselyTheRatio() {
        assertThat(ImbalancePolicy.lowestData(5)).isEqualTo(2);
        assertThat(ImbalancePolicy.highestData(5)).isEqualTo(2);
        assertThat(ImbalancePolicy.lowestData(10)).isEqualTo(4);
        assertThat(ImbalancePolicy.highestData(10)).isEqualTo(4);
        assertThat(ImbalancePolicy.lowestData(8)).isEqualTo(3);
        assertThat(ImbalancePolicy.highestData(8)).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} with {1} data + {2} routers may give up: {3}")
    @CsvSource({
            "ROUTER, 1, 3, true",
            "ROUTER, 1, 1, false",   // never leave zero routers
            "DATA, 2, 1, false",     // never below two data nodes with three members
            "DATA, 5, 0, true"
    })
    void neverTakesARoleBelowItsMinimum(Role role, int data, int routers, boolean may) {
        assertThat(ImbalancePolicy.canGiveUp(role, data, routers)).isEqualTo(may);
    }
}
