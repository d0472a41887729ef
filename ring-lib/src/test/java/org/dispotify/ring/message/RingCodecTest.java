package org.dispotify.ring.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RingCodecTest {

    private static final Peer A = new Peer("a", "127.0.0.1", 8081);
    private static final Peer B = new Peer("b", "127.0.0.2", 8082);
    private static final MemberEntry ENTRY = new MemberEntry("b", "127.0.0.2", 8082, Role.ROUTER, true, 0.25, 3,
            MemberStatus.SUSPECT);
    private static final WalkId WALK = new WalkId(7, "a");

    private final RingCodec codec = new RingCodec();

    static Stream<RingMessage> everyMessageType() {
        return Stream.of(
                new RingMessage.Join(A, Role.DATA, false, 2),
                new RingMessage.JoinAccepted(B, ENTRY, List.of(ENTRY)),
                new RingMessage.JoinRejected(B, "joining"),
                new RingMessage.Ping(A, 41, "b", -123456789L),
                new RingMessage.Ack(B, 41, 99),
                new RingMessage.PingReq(A, 42, B),
                new RingMessage.IndirectAck(B, 42, "c"),
                new RingMessage.Gossip(A, List.of(ENTRY)),
                new RingMessage.Sync(A, List.of(ENTRY), true),
                new RingMessage.Leave(A, 5),
                new RingMessage.Alert(A, WALK, "death of c", 2,
                        List.of(new WalkEntry("a", "127.0.0.1", 8081, Role.DATA, false)), List.of(A, B)),
                new RingMessage.Imbalance(A, WALK, "a", Role.DATA, 0, 2, 2, 3, List.of("a", "b"), List.of("b")),
                new RingMessage.HopAck(B, "alert 7/a #2"),
                new RingMessage.WalkDropped(B, WALK, 0, "lower walk 6/b under way"));
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void everyMessageTypeSurvivesARoundTrip(RingMessage message) {
        String frame = codec.encode(message);

        assertThat(codec.decode(frame)).isEqualTo(message);
    }

    @Test
    void framesNameTheirTypeExplicitly() {
        assertThat(codec.encode(new RingMessage.PingReq(A, 1, B))).contains("\"type\":\"ping-req\"");
        assertThat(codec.encode(new RingMessage.Imbalance(A, WALK, "a", Role.DATA, 1, 1, 3, 0, List.of(), List.of())))
                .contains("\"type\":\"imbalance\"");
    }

    @Test
    void everySubtypeHasACase() {
        assertThat(RingMessage.class.getPermittedSubclasses()).hasSize((int) everyMessageType().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"shutdown-everything\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1}}",
            "{\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1},\"seq\":1}",
            "{\"type\":\"ping\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1}",
            "not json at all",
            "null",
            "[]",
            "{\"type\":\"ping\",\"seq\":1,\"target\":\"b\",\"digest\":0}",
            "{\"type\":\"ping\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":70000},\"seq\":1,\"target\":\"b\",\"digest\":0}",
            "{\"type\":\"ack\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1},\"seq\":1,\"digest\":0} {}",
            "{\"type\":\"java.lang.Runtime\",\"from\":null}",
            ""
    })
    void rejectsWhatIsNotARingMessageCleanly(String frame) {
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(RingCodecException.class);
    }

    @Test
    void rejectsAnOversizeFrameBeforeParsingIt() {
        String huge = "{\"type\":\"join-rejected\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1},\"reason\":\""
                + "x".repeat(70_000) + "\"}";

        assertThatThrownBy(() -> codec.decode(huge)).isInstanceOf(RingCodecException.class).hasMessageContaining("larger");
    }

    @Test
    void refusesToEncodeAMessageOverTheCap() {
        RingCodec small = new RingCodec(1024);
        RingMessage big = new RingMessage.JoinRejected(A, "y".repeat(2000));

        assertThatThrownBy(() -> small.encode(big)).isInstanceOf(RingCodecException.class);
    }

    @Test
    void multiByteTextCountsInBytes() {
        RingCodec small = new RingCodec(1024);
        String frame = "{\"type\":\"join-rejected\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1},\"reason\":\""
                + "€".repeat(400) + "\"}";

        assertThatThrownBy(() -> small.decode(frame)).isInstanceOf(RingCodecException.class);
    }
}
