package org.dispotify.ring.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingMessage;
import org.junit.jupiter.api.Test;

/** The simulated links alone, between two fake processes. */
class NetworkTest {

    private final VirtualTime time = new VirtualTime();
    private final Network network = new Network(time, new SplittableRandom(1), new RingCodec(), LatencyModel.lan());
    private final Fake a = new Fake("a", 1);
    private final Fake b = new Fake("b", 2);

    NetworkTest() {
        network.attach(a);
        network.attach(b);
    }

    private void ping(long seq) {
        network.send(a, b.peer(), new RingMessage.Ping(a.peer(), seq, "b", 0));
    }

    @Test
    void aLinkKeepsOrderAndTakesItsDelay() {
        for (int i = 0; i < 100; i++) {
            ping(i);
        }
        time.runUntil(99_000);
        assertThat(b.got).as("nothing arrives faster than the shortest link").isEmpty();
        time.runUntil(1_000_000_000);

        assertThat(b.got).extracting(m -> ((RingMessage.Ping) m).seq()).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 100).boxed().toList());
        assertThat(network.traffic().messages()).isEqualTo(100);
        assertThat(network.traffic().bytes()).isGreaterThan(100 * 50);
    }

    @Test
    void lossDropsAboutTheShareAsked() {
        network.loss(0.1);
        for (int i = 0; i < 10_000; i++) {
            ping(i);
        }
        time.runUntil(1_000_000_000);

        assertThat(b.got.size()).isBetween(8_800, 9_200);
        assertThat(network.traffic().lost()).isEqualTo(10_000 - b.got.size());
    }

    @Test
    void aOneWayCutSilencesOneDirectionOnlyAndRefusesNothing() {
        network.cut("a", "b");
        ping(1);
        network.send(b, a.peer(), new RingMessage.Ping(b.peer(), 2, "a", 0));
        time.runUntil(1_000_000_000);

        assertThat(b.got).isEmpty();
        assertThat(a.got).hasSize(1);
        b.listening = false;
        assertThat(network.refused("a", "b")).as("a cut hides even a closed port").isFalse();
        network.healAll();
        assertThat(network.refused("a", "b")).as("a closed port refuses").isTrue();
    }

    @Test
    void aMessageForAProcessThatRestartedMeanwhileIsLost() {
        ping(1);
        b.generation++;
        time.runUntil(1_000_000_000);

        assertThat(b.got).isEmpty();
    }

    @Test
    void aMessageLargerThanAFrameIsNotSent() {
        Network small = new Network(time, new SplittableRandom(1), new RingCodec(1024), LatencyModel.lan());
        small.attach(a);
        small.attach(b);
        small.send(a, b.peer(), new RingMessage.JoinRejected(a.peer(), "x".repeat(2000)));
        time.runUntil(1_000_000_000);

        assertThat(b.got).isEmpty();
        assertThat(small.traffic().oversize()).isEqualTo(1);
    }

    private static final class Fake implements Endpoint {
        final String id;
        final int port;
        final List<RingMessage> got = new ArrayList<>();
        long generation = 1;
        boolean listening = true;

        Fake(String id, int port) {
            this.id = id;
            this.port = port;
        }

        Peer peer() {
            return new Peer(id, "10.0.0." + port, port);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public boolean listening() {
            return listening;
        }

        @Override
        public void receive(RingMessage message) {
            got.add(message);
        }
    }
}
