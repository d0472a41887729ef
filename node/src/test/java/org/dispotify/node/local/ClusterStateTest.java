package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClusterStateTest {

    private static ManagedProcess process(String name, long pid, int port) {
        return new ManagedProcess(name, name.equals("dns") ? "dns" : "node", pid, 0, port);
    }

    @Test
    void aChildStartedAgainTakesThePlaceOfItsEarlierProcess() {
        ClusterState state = new ClusterState(process("up", 1, 0), List.of())
                .with(process("dns", 10, 8500))
                .with(process("node-8081", 11, 8081))
                .with(process("node-8082", 12, 8082))
                .with(process("node-8081", 13, 8081));

        assertThat(state.processes()).extracting(ManagedProcess::name).containsExactly("dns", "node-8081", "node-8082");
        assertThat(state.processes().get(1).pid()).isEqualTo(13);
    }
}
