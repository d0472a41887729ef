package org.dispotify.dns.dnswire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.dispotify.dns.NameServiceApplication;
import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.records.RecordRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile DNS input against the running server, over UDP and TCP: random bytes and mutated real
 * queries. Each is answered with a well-formed response to the same id (FORMERR, REFUSED, NXDOMAIN,
 * an answer...) or dropped, never with SERVFAIL (a parser or responder bug); and right after it, a
 * valid query on the same socket still gets its answer. And on the HTTP side, a client trickling its
 * request headers is closed (the header timeout is 1 s here) while the service keeps answering.
 */
class NameServiceHostileInputTest {

    private static final int VALID_ID = 0xBEEF;
    private static final List<Message> SEEDS = seeds();
    private static ConfigurableApplicationContext context;
    private static int port;

    @BeforeContainer
    static void start() throws IOException {
        context = new SpringApplicationBuilder(NameServiceApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "dispotify.dns.port=0",
                        "dispotify.dns.bind-address=127.0.0.1", "spring.main.banner-mode=off",
                        "dispotify.server.header-timeout=1s",
                        "dispotify.dir=" + Files.createTempDirectory("dns-fuzz"))
                .run();
        port = context.getBean(DnsServer.class).port();
        RecordRegistry registry = context.getBean(RecordRegistry.class);
        registry.register(new NameRecord("data.dispotify", "d1", "127.0.0.11", 8081, 3600));
        registry.register(new NameRecord("router.dispotify", "r1", "127.0.0.21", 9091, 3600));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 120)
    void randomUdpPacketsAreAnsweredCleanlyOrDropped(@ForAll @Size(max = 700) byte[] packet) throws IOException {
        udpRoundTrip(packet);
    }

    @Property(tries = 200)
    void mutatedUdpQueriesAreAnsweredCleanlyOrDropped(@ForAll("seedQueries") Message seed,
            @ForAll @IntRange(min = 1, max = 10) int mutations, @ForAll long randomSeed) throws IOException {
        udpRoundTrip(mutate(seed.toWire(), mutations, new Random(randomSeed)));
    }

    @Property(tries = 100)
    void mutatedTcpQueriesAreAnsweredCleanlyAndTheConnectionKeepsServing(@ForAll("seedQueries") Message seed,
            @ForAll @IntRange(min = 1, max = 10) int mutations, @ForAll long randomSeed) throws IOException {
        byte[] fuzz = mutate(seed.toWire(), mutations, new Random(randomSeed));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.writeShort(fuzz.length);
            out.write(fuzz);
            byte[] valid = validQuery();
            out.writeShort(valid.length);
            out.write(valid);
            out.flush();
            Message answer;
            do {
                byte[] frame = new byte[in.readUnsignedShort()];
                in.readFully(frame);
                answer = checked(new Message(frame));
            } while (answer.getHeader().getID() != VALID_ID || answer.getQuestion() == null
                    || !answer.getQuestion().getName().equals(validName()));
            assertValidAnswer(answer);
        }
    }

    @Example
    void anHttpClientTricklingItsHeadersIsClosedAndTheServiceKeepsAnswering() throws Exception {
        int httpPort = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer().getPort();
        byte[] head = "PUT /api/records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        boolean closed = false;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            socket.setSoTimeout(200);
            // A byte every 200 ms resets any idle timer; only the header deadline ends it.
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    socket.getOutputStream().write(head[i]);
                    closed = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep trickling
                } catch (IOException reset) {
                    closed = true;
                }
            }
        }
        assertThat(closed).as("closed before the headers were complete").isTrue();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
        java.net.http.HttpResponse<String> resolve = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/resolve/data.dispotify")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resolve.body()).contains("127.0.0.11");
    }

    @Provide
    Arbitrary<Message> seedQueries() {
        return Arbitraries.of(SEEDS);
    }

    /** Sends the fuzz packet then a valid query; whatever comes back first must be clean. */
    private static void udpRoundTrip(byte[] fuzz) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(3_000);
            send(socket, fuzz);
            send(socket, validQuery());
            for (int answers = 0; answers < 2; answers++) {
                DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
                socket.receive(packet);
                Message answer = checked(new Message(Arrays.copyOf(packet.getData(), packet.getLength())));
                if (answer.getHeader().getID() == VALID_ID && answer.getQuestion() != null
                        && answer.getQuestion().getName().equals(validName())) {
                    assertValidAnswer(answer);
                    return;
                }
                assertThat(fuzz.length).as("only a packet with a header is answered").isGreaterThanOrEqualTo(12);
                assertThat(answer.getHeader().getID()).isEqualTo(((fuzz[0] & 0xFF) << 8) | (fuzz[1] & 0xFF));
            }
            throw new AssertionError("the valid query got no answer");
        }
    }

    private static Message checked(Message answer) {
        assertThat(answer.getHeader().getFlag(Flags.QR)).as("a response").isTrue();
        assertThat(answer.getRcode()).as("never SERVFAIL").isNotEqualTo(Rcode.SERVFAIL);
        return answer;
    }

    private static void assertValidAnswer(Message answer) {
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().isInstanceOf(ARecord.class);
    }

    private static void send(DatagramSocket socket, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private static byte[] mutate(byte[] wire, int mutations, Random random) {
        byte[] bytes = wire;
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = Arrays.copyOf(bytes, at); // truncated
                case 3 -> { // a compression pointer somewhere, possibly looping
                    if (at + 1 < bytes.length) {
                        bytes[at] = (byte) (0xC0 | random.nextInt(0x40));
                        bytes[at + 1] = (byte) random.nextInt(256);
                    }
                }
                default -> { // a header count claims more records than there are
                    if (bytes.length >= 12) {
                        bytes[4 + 2 * random.nextInt(4) + 1] = (byte) random.nextInt(256);
                    }
                }
            }
        }
        // Keep the QR bit clear most of the time: responses are dropped, queries are what gets parsed.
        if (bytes.length > 2 && random.nextInt(8) != 0) {
            bytes[2] &= 0x7F;
        }
        return bytes;
    }

    private static Name validName() {
        return Name.fromConstantString("r1.node.dispotify.");
    }

    private static byte[] validQuery() {
        Message query = Message.newQuery(Record.newRecord(validName(), Type.A, DClass.IN));
        query.getHeader().setID(VALID_ID);
        return query.toWire();
    }

    private static List<Message> seeds() {
        Message edns = query("data.dispotify.", Type.A);
        edns.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return List.of(query("data.dispotify.", Type.A), query("_http._tcp.data.dispotify.", Type.SRV),
                query("d1.node.dispotify.", Type.ANY), query("dispotify.", Type.SOA), query("example.com.", Type.A),
                query("nobody.dispotify.", Type.CNAME), edns);
    }

    private static Message query(String name, int type) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        query.getHeader().setID(0x1000 + type);
        return query;
    }
}
