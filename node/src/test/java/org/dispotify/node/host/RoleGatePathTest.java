package org.dispotify.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.dispotify.ring.roles.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleGatePathTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/data/songs, DATA",
            "/data, DATA",
            "/data/replication/songs/abc/manifest, none",   // a router holding songs must give them up
            "/data/replication/ids, none",
            "/data/replicationx, DATA",
            "/api/songs, ROUTER",
            "/api/cluster, ROUTER",
            "/actuator/health, none",
            "/ring/view, none",
            "/database, none",
            "/apiary, none",
            "/, none"
    })
    void pathsBelongToTheirRole(String path, Role role) {
        assertThat(RoleGate.roleFor(path)).isEqualTo(role);
    }
}
