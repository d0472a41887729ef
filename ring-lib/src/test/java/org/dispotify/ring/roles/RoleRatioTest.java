package org.dispotify.ring.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleRatioTest {

    @ParameterizedTest(name = "{0} members -> {1} data + {2} routers")
    @CsvSource({
            "1, 1, 0",
            "2, 1, 1",
            "3, 2, 1",
            "4, 2, 2",
            "5, 2, 3",
            "6, 2, 4",
            "7, 3, 4",
            "8, 3, 5",
            "9, 4, 5",
            "10, 4, 6",
            "20, 8, 12"
    })
    void splitsMembersTwoDataToThreeRouters(int members, int data, int routers) {
        assertThat(RoleRatio.dataNodesFor(members)).isEqualTo(data);
        assertThat(RoleRatio.routersFor(members)).isEqualTo(routers);
    }

    @ParameterizedTest(name = "{0} data + {1} routers live -> newcomer is {2}")
    @CsvSource({
            "0, 0, DATA",
            "1, 0, ROUTER",
            "1, 1, DATA",
            "2, 1, ROUTER",
            "2, 2, ROUTER",
            "2, 3, ROUTER",
            "2, 4, DATA",
            "0, 3, DATA",
            "3, 0, ROUTER"
    })
    void newcomerTakesTheRoleThatIsShort(int data, int routers, Role expected) {
        assertThat(RoleRatio.roleForNewcomer(data, routers)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void rejectsAnEmptyRing(int members) {
        assertThatThrownBy(() -> RoleRatio.dataNodesFor(members)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void sequentialAutoJoinsReachTheTableSplit() {
        int data = 0;
        int routers = 0;
        for (int joined = 1; joined <= 10; joined++) {
            if (RoleRatio.roleForNewcomer(data, routers) == Role.DATA) {
                data++;
            } else {
                routers++;
            }
            assertThat(data).as("data after %d joins", joined).isEqualTo(RoleRatio.dataNodesFor(joined));
        }
        assertThat(routers).isEqualTo(6);
    }
}
