package org.dispotify.ring.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dispotify.ring.roles.Role;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a peer sends, decoding ends in a ring message or a {@link RingCodecException}: never
 * another exception (an NPE, a StackOverflowError, a Jackson error leaking out), never a message
 * that cannot be sent on again. Valid frames are mutated byte-wise and field-wise (wrong types,
 * nulls, unknown types) so most tries land close to the real wire shapes.
 */
class RingCodecFuzzTest {

    private static final Peer A = new Peer("a", "127.0.0.1", 8081);
    private static final Peer B = new Peer("b", "127.0.0.2", 8082);
    private static final MemberEntry ENTRY = new MemberEntry("b", "127.0.0.2", 8082, Role.ROUTER, true, 0.25, 3,
            MemberStatus.ALIVE);
    private static final List<RingMessage> SEEDS = List.of(
            new RingMessage.Join(A, Role.DATA, false, 2),
            new RingMessage.JoinAccepted(B, ENTRY, List.of(ENTRY)),
            new RingMessage.Ping(A, 41, "b", -123456789L),
            new RingMessage.Ack(B, 41, 99),
            new RingMessage.PingReq(A, 42, B),
            new RingMessage.Gossip(A, List.of(ENTRY)),
            new RingMessage.Sync(A, List.of(ENTRY), true),
            new RingMessage.Alert(A, new WalkId(7, "a"), "death of c", 2,
                    List.of(new WalkEntry("a", "127.0.0.1", 8081, Role.DATA, false)), List.of(A, B)),
            new RingMessage.Imbalance(A, new WalkId(7, "a"), "a", Role.DATA, 0, 2, 2, 3, List.of("a"), List.of("b")),
            new RingMessage.HopAck(B, "alert 7/a #2"));
    private static final List<Object> WRONG_VALUES = List.of("", "x", -1, 0, Long.MAX_VALUE, 1e308, true, List.of(),
            List.of(1, 2), Map.of(), Map.of("type", "ping"), "java.lang.Runtime", "DATA", "ALIVE", "ping");

    private static final String NOISE = "{}[]\":,0-eE.\\u\u0000\u00e9\ud83c\udfb5nt";

    private final RingCodec codec = new RingCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    @Property(tries = 300)
    void arbitraryTextIsRejectedCleanly(@ForAll @StringLength(max = 300) String text) {
        assertCleanOutcome(text);
    }

    @Property(tries = 400)
    void mutatedFramesDecodeOrAreRejectedCleanly(@ForAll("seeds") RingMessage seed,
            @ForAll @IntRange(min = 1, max = 8) int mutations, @ForAll long randomSeed) {
        Random random = new Random(randomSeed);
        StringBuilder frame = new StringBuilder(codec.encode(seed));
        for (int i = 0; i < mutations && frame.length() > 0; i++) {
            int at = random.nextInt(frame.length());
            switch (random.nextInt(4)) {
                case 0 -> frame.deleteCharAt(at);
                case 1 -> frame.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> frame.setCharAt(at, (char) random.nextInt(0x80));
                default -> frame.setLength(at); // truncated
            }
        }
        assertCleanOutcome(frame.toString());
    }

    @Property(tries = 400)
    void fieldsOfTheWrongTypeAreRejectedCleanly(@ForAll("seeds") RingMessage seed,
            @ForAll @IntRange(min = 0, max = 1000) int fieldPick, @ForAll @IntRange(min = 0, max = 1000) int valuePick) {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(seed));
        List<ObjectNode> owners = new ArrayList<>();
        List<String> names = new ArrayList<>();
        collectFields(tree, owners, names);
        int which = fieldPick % names.size();
        Object value = valuePick % (WRONG_VALUES.size() + 1) == WRONG_VALUES.size() ? null
                : WRONG_VALUES.get(valuePick % (WRONG_VALUES.size() + 1));
        owners.get(which).set(names.get(which), json.valueToTree(value));

        assertCleanOutcome(json.writeValueAsString(tree));
    }

    @Property(tries = 50)
    void deepNestingIsRejectedWithoutExhaustingTheStack(@ForAll @IntRange(min = 100, max = 30_000) int depth,
            @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String frame = "{\"type\":\"gossip\",\"from\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";

        assertCleanOutcome(frame);
    }

    @Property(tries = 30)
    void framesOverTheCapAreRejectedWhateverTheyHold(@ForAll("seeds") RingMessage seed,
            @ForAll @IntRange(min = 65_537, max = 400_000) int size) {
        String valid = codec.encode(seed);
        String padded = valid.substring(0, valid.length() - 1) + ",\"pad\":\"" + "p".repeat(size) + "\"}";

        assertThat(outcome(padded)).isInstanceOf(RingCodecException.class);
    }

    @Provide
    Arbitrary<RingMessage> seeds() {
        return Arbitraries.of(SEEDS);
    }

    private void assertCleanOutcome(String frame) {
        Object outcome = outcome(frame);
        if (outcome instanceof RingMessage message) {
            // Whatever was accepted is a well-formed message: it can be relayed without surprises.
            assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
        } else {
            assertThat(outcome).isInstanceOf(RingCodecException.class);
        }
    }

    private Object outcome(String frame) {
        try {
            return codec.decode(frame);
        } catch (RuntimeException | StackOverflowError e) {
            return e;
        }
    }

    private static void collectFields(JsonNode node, List<ObjectNode> owners, List<String> names) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                owners.add(object);
                names.add(name);
                collectFields(object.get(name), owners, names);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectFields(child, owners, names));
        }
    }
}
