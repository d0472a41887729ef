package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSlotTest {

    @TempDir
    Path shared;

    @Test
    void eachClaimGetsAFolderNoOtherHolderHasAndAFreedSlotIsTakenAgain() throws Exception {
        StateSlot first = StateSlot.claim(shared);
        StateSlot second = StateSlot.claim(shared);
        assertThat(first.dir()).isEqualTo(shared.resolve("slot-1")).isDirectory();
        assertThat(second.dir()).isEqualTo(shared.resolve("slot-2")).isDirectory();

        first.release();
        StateSlot again = StateSlot.claim(shared);
        assertThat(again.dir()).isEqualTo(shared.resolve("slot-1"));
        assertThat(again.lock().isValid()).isTrue();

        again.release();
        second.release();
    }

    @Test
    void aNodeIdKeptInASlotIsTheSameForTheNextProcessInThatSlot() throws Exception {
        StateSlot slot = StateSlot.claim(shared);
        String id = NodeIdentity.resolve(slot.dir(), null, 8080);
        slot.release();

        StateSlot next = StateSlot.claim(shared);
        assertThat(NodeIdentity.resolve(next.dir(), null, 8080)).isEqualTo(id);
        next.release();
    }
}
