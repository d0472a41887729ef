package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import org.dispotify.ring.roles.Role;
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
            "3, 3, NONE, 0",     // off by one only: tolerated, no flapping
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
