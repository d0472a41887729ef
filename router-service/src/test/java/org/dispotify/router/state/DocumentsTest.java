package org.dispotify.router.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.dispotify.crdt.Document;
import org.dispotify.crdt.Hlc;
import org.dispotify.crdt.Rendezvous;
import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeDataNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A router's personal-state documents on fake data nodes: a write is acknowledged only once every live
 * owner (rendezvous hashing of the key, 2 copies) has merged it, an owner that fails for a moment is
 * asked again, one that stays down fails the write as unavailable, and a read merges the owners' copies.
 */
class DocumentsTest extends RouterTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    Documents documents;

    private List<FakeDataNode> three() {
        cluster.listData(cluster.a, cluster.b, cluster.c);
        return List.of(cluster.a, cluster.b, cluster.c);
    }

    private static List<FakeDataNode> owners(String key, List<FakeDataNode> nodes) {
        List<String> ids = Rendezvous.owners(key, nodes.stream().map(n -> n.nodeId).toList(), 2);
        return nodes.stream().filter(n -> ids.contains(n.nodeId)).toList();
    }

    private Document star(String song) {
        Hlc at = documents.clock().now();
        return Document.empty().withSet("songs", set -> set.add(song, at));
    }

    @Test
    void aWriteIsAcknowledgedOnceBothOwnersHoldIt() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:alice";

        Document answer = documents.write(key, star("song-1")).block(WAIT);

        assertThat(answer.set("songs").elements()).containsExactly("song-1");
        for (FakeDataNode node : nodes) {
            boolean owner = owners(key, nodes).contains(node);
            assertThat(node.docs.containsKey(key)).as("%s (owner: %s)", node.nodeId, owner).isEqualTo(owner);
        }
    }

    @Test
    void aReadMergesWhatTheOwnersHold() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:bob";
        List<FakeDataNode> owners = owners(key, nodes);
        owners.get(0).docs.put(key, star("only-on-the-first"));
        owners.get(1).docs.put(key, star("only-on-the-second"));

        Document read = documents.read(key).block(WAIT);

        assertThat(read.set("songs").elements()).containsExactlyInAnyOrder("only-on-the-first", "only-on-the-second");
        assertThat(documents.read("favorites:nobody").block(WAIT)).isEqualTo(Document.empty());
    }

    @Test
    void aReadWithOneOwnerDownIsTheOthersCopyAndWithBothDownIsUnavailable() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:grace";
        List<FakeDataNode> owners = owners(key, nodes);
        owners.get(1).docs.put(key, star("kept"));

        try {
            owners.get(0).stop();
            assertThat(documents.read(key).block(WAIT).set("songs").elements()).containsExactly("kept");

            owners.get(1).stop();
            assertThatThrownBy(() -> documents.read(key).block(WAIT))
                    .isInstanceOf(StateUnavailableException.class).hasMessageContaining("no owner");
        } finally {
            owners.forEach(FakeDataNode::start);
        }
    }

    @Test
    void anOwnerThatFailsForAMomentIsAskedAgain() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:carol";
        FakeDataNode flaky = owners(key, nodes).get(1);
        flaky.docFailuresLeft.set(2);

        documents.write(key, star("song-2")).block(WAIT);

        assertThat(flaky.docs.get(key).set("songs").elements()).containsExactly("song-2");
        assertThat(flaky.docWrites.get()).isEqualTo(3);
    }

    @Test
    void anOwnerThatStaysDownFailsTheWriteAsUnavailable() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:dave";
        FakeDataNode down = owners(key, nodes).get(0);
        down.docFailuresLeft.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> documents.write(key, star("song-3")).block(WAIT))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining(down.nodeId);
    }

    @Test
    void withNoDataNodeNothingIsAcknowledged() {
        cluster.listData();

        assertThatThrownBy(() -> documents.write("favorites:erin", star("song-4")).block(WAIT))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("no data node");
    }

    @Test
    void stampsReadFromOthersOrderThisRoutersNextWriteAfterThem() {
        List<FakeDataNode> nodes = three();
        String key = "favorites:frank";
        Hlc farFuture = new Hlc(System.currentTimeMillis() + 30_000, 5, "another-router");
        owners(key, nodes).get(0).docs.put(key, Document.empty().withSet("songs", s -> s.add("x", farFuture)));

        documents.read(key).block(WAIT);

        assertThat(documents.clock().now().after(farFuture)).isTrue();
    }
}
