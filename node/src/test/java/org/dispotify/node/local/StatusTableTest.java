package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static final NodeStatus DNS = new NodeStatus("dns", 4100, 8500, "dns", true, null, "127.0.0.1:8500",
            null, List.of(), null, null);
    private static final NodeStatus DATA = new NodeStatus("node-8081", 4101, 8081, "data", true, "node-8081-1a2b",
            "127.0.0.1:8081", "node-8083-3c4d", List.of("node-8082-5e6f", "node-8083-3c4d"), 1234L, 3L);
    private static final NodeStatus ROUTER = new NodeStatus("node-8082", 4102, 8082, "router", true, "node-8082-5e6f",
            "127.0.0.1:8082", "node-8081-1a2b", List.of("node-8083-3c4d"), null, null);
    private static final NodeStatus DEAD = NodeStatus.down(new ManagedProcess("node-8083", "node", 4103, 0, 8083));

    @Test
    void rendersOneAlignedRowPerProcessWithNaForWhatARoleDoesNotHaveAndDownForADeadNode() {
        assertThat(StatusTable.render(List.of(DNS, DATA, ROUTER, DEAD))).isEqualTo("""
                NAME        PID  ROLE    NODE ID         ADDRESS         PREDECESSOR     SUCCESSOR       SONGS  UNDER-REPLICATED  HEALTH
                dns        4100  dns     n/a             127.0.0.1:8500  n/a             n/a               n/a               n/a  up
                node-8081  4101  data    node-8081-1a2b  127.0.0.1:8081  node-8083-3c4d  node-8082-5e6f   1234                 3  up
                node-8082  4102  router  node-8082-5e6f  127.0.0.1:8082  node-8081-1a2b  node-8083-3c4d    n/a               n/a  up
                node-8083  4103  down    -               -               -               -                   -                 -  DOWN
                3 nodes (1 data, 1 router), 3 of 4 processes up, songs under-replicated on 1 of 1 data nodes
                """);
    }

    @Test
    void aLiveNodeThatDidNotSayShowsAQuestionMarkAndALoneNodeHasNoNeighbours() {
        NodeStatus lone = new NodeStatus("node-8081", 7, 8081, "data", true, "solo", "127.0.0.1:8081", null, List.of(),
                null, null);
        String table = StatusTable.render(List.of(lone));
        assertThat(table.lines().toList().get(1)).isEqualTo("node-8081    7  data  solo     127.0.0.1:8081  -            -              ?                 ?  up");
        assertThat(table).contains("under-replication unknown");
    }

    @Test
    void summarySaysWhenNothingIsUnderReplicated() {
        NodeStatus caughtUp = new NodeStatus("node-8081", 1, 8081, "data", true, "a", "127.0.0.1:8081", "b",
                List.of("b"), 10L, 0L);
        assertThat(StatusTable.summary(List.of(DNS, caughtUp, ROUTER)))
                .isEqualTo("2 nodes (1 data, 1 router), 3 of 3 processes up, no song under-replicated");
    }
}
