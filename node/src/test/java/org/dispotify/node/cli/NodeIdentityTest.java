package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedIdIsKeptAcrossRestarts() {
        String first = NodeIdentity.resolve(dir, null, 8081);
        assertThat(first).matches("node-8081-[0-9a-f]{4}");
        assertThat(NodeIdentity.resolve(dir, null, 8081)).isEqualTo(first);
    }

    @Test
    void aGivenIdWins() {
        assertThat(NodeIdentity.resolve(dir, "alpha-1", 8081)).isEqualTo("alpha-1");
    }

    @Test
    void idsMustBeDnsLabels() {
        assertThatThrownBy(() -> NodeIdentity.validate("-leading")).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> NodeIdentity.validate("UPPER")).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> NodeIdentity.validate("a".repeat(64))).isInstanceOf(CliException.class);
        assertThat(NodeIdentity.validate("a".repeat(63))).hasSize(63);
    }
}
