package org.dispotify.dns.dnswire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dispotify.dns.NameServiceApplication;
import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.records.RecordRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real DNS over the wire, UDP and TCP, asked with dnsjava's own resolver and with raw sockets. */
@SpringBootTest(classes = NameServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1"})
class DnsWireTest {

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("dns-wire");
        registry.add("dispotify.dir", dir::toString);
    }

    @Autowired
    DnsServer server;

    @Autowired
    RecordRegistry registry;

    @BeforeEach
    void records() {
        registry.all().forEach(r -> registry.remove(r.record().name(), r.record().nodeId()));
        registry.register(new NameRecord("data.dispotify", "d1", "127.0.0.11", 8081, 10));
        registry.register(new NameRecord("data.dispotify", "d2", "127.0.0.12", 8082, 10));
        registry.register(new NameRecord("router.dispotify", "r1", "127.0.0.21", 9091, 10));
    }

    @Test
    void groupNameAnswersOneARecordPerMember() throws IOException {
        Message answer = udp().send(query("data.dispotify.", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer)).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
        assertThat(answer.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isBetween(1L, 10L));
    }

    @Test
    void aRecordsAreShuffled() throws IOException {
        for (int i = 3; i <= 8; i++) {
            registry.register(new NameRecord("data.dispotify", "d" + i, "127.0.0." + (10 + i), 8080 + i, 10));
        }
        SimpleResolver resolver = udp();
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            orders.add(addresses(resolver.send(query("data.dispotify.", Type.A))));
        }
        assertThat(orders).hasSizeGreaterThan(1);
    }

    @Test
    void nodeNameAnswersThatNodesAddressAndNamesAreCaseInsensitive() throws IOException {
        Message answer = udp().send(query("D2.Node.Dispotify.", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(answer)).containsExactly("127.0.0.12");
        assertThat(answer.getSection(Section.ANSWER).get(0).getName()).isEqualTo(Name.fromString("D2.Node.Dispotify."));
    }

    @Test
    void srvNamesTheNodesWithTheirAddressesInTheAdditionalSection() throws IOException {
        Message answer = udp().send(query("_http._tcp.data.dispotify.", Type.SRV));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        List<SRVRecord> srv = answer.getSection(Section.ANSWER).stream().map(SRVRecord.class::cast).toList();
        assertThat(srv).extracting(r -> r.getTarget().toString() + ":" + r.getPort())
                .containsExactlyInAnyOrder("d1.node.dispotify.:8081", "d2.node.dispotify.:8082");
        assertThat(srv).allSatisfy(r -> assertThat(r.getPriority()).isZero());
        assertThat(answer.getSection(Section.ADDITIONAL).stream().filter(ARecord.class::isInstance)
                .map(r -> r.getName() + "=" + ((ARecord) r).getAddress().getHostAddress()))
                .containsExactlyInAnyOrder("d1.node.dispotify.=127.0.0.11", "d2.node.dispotify.=127.0.0.12");

        Message router = udp().send(query("_http._tcp.router.dispotify.", Type.SRV));
        assertThat(router.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void unknownNameIsNxdomainWithTheSoa() throws IOException {
        Message answer = udp().send(query("nobody.dispotify.", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class)
                .extracting(Record::getName).isEqualTo(Name.fromString("dispotify."));
        assertThat(udp().send(query("d9.node.dispotify.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void knownNameWithAnotherTypeIsNodataWithTheSoa() throws IOException {
        Message answer = udp().send(query("data.dispotify.", Type.TXT));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        // Names with records below them exist too (empty non-terminals).
        assertThat(udp().send(query("node.dispotify.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(udp().send(query("_tcp.data.dispotify.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void zoneApexAnswersItsSoa() throws IOException {
        Message answer = udp().send(query("dispotify.", Type.SOA));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void namesOutsideTheZoneAreRefused() throws IOException {
        Message answer = udp().send(query("example.com.", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void hostnameMembersGetACnameOnTheirNodeNameAndNoGroupARecord() throws IOException {
        registry.register(new NameRecord("data.dispotify", "d3", "data-3.example.org", 8083, 10));

        Message node = udp().send(query("d3.node.dispotify.", Type.A));
        assertThat(node.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class)
                .extracting(r -> ((CNAMERecord) r).getTarget().toString()).isEqualTo("data-3.example.org.");
        assertThat(addresses(udp().send(query("data.dispotify.", Type.A))))
                .containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
    }

    @Test
    void largeUdpAnswerWithoutEdnsIsTruncatedWithTheTcBit() throws IOException {
        manyMembers(40);
        SimpleResolver resolver = udp();
        resolver.setEDNS(null);
        resolver.setIgnoreTruncation(true);

        Message answer = resolver.send(query("data.dispotify.", Type.A));

        assertThat(answer.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(answer.getSection(Section.ANSWER).size()).isLessThan(42);
        assertThat(answer.toWire().length).isLessThanOrEqualTo(512);
    }

    @Test
    void ednsPayloadSizeRaisesTheUdpLimit() throws IOException {
        manyMembers(40);
        SimpleResolver resolver = udp();
        resolver.setEDNS(0, 1232, 0, List.of());
        resolver.setIgnoreTruncation(true);

        Message answer = resolver.send(query("data.dispotify.", Type.A));

        assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answer.getSection(Section.ANSWER)).hasSize(42);
    }

    @Test
    void tcpGivesTheFullAnswer() throws IOException {
        manyMembers(80);
        SimpleResolver resolver = udp();
        resolver.setTCP(true);
        resolver.setEDNS(null);

        Message answer = resolver.send(query("data.dispotify.", Type.A));

        assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answer.getSection(Section.ANSWER)).hasSize(82);
        Message srv = resolver.send(query("_http._tcp.data.dispotify.", Type.SRV));
        assertThat(srv.getSection(Section.ANSWER)).hasSize(82);
        assertThat(srv.getSection(Section.ADDITIONAL)).hasSize(82);
    }

    @Test
    void truncatedUdpFallsBackToTcpInTheStandardResolver() throws IOException {
        manyMembers(40);
        SimpleResolver resolver = udp();
        resolver.setEDNS(null);

        Message answer = resolver.send(query("data.dispotify.", Type.A));

        assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answer.getSection(Section.ANSWER)).hasSize(42);
    }

    @Test
    void malformedUdpPacketsGetFormerrOrAreDroppedAndTheServerKeepsAnswering() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(500);
            // Too short for a header: nothing to answer to.
            send(socket, new byte[] {1, 2, 3, 4, 5});
            assertThatThrownBy(() -> receive(socket)).isInstanceOf(SocketTimeoutException.class);

            // A header announcing a question that is not there.
            byte[] truncated = Arrays.copyOf(query("data.dispotify.", Type.A).toWire(), 20);
            send(socket, truncated);
            Message formerr = new Message(receive(socket));
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(formerr.getHeader().getID()).isEqualTo(((truncated[0] & 0xFF) << 8) | (truncated[1] & 0xFF));
            assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();

            // Garbage after a header.
            byte[] garbage = new byte[64];
            new java.util.Random(7).nextBytes(garbage);
            garbage[2] = 0x01; // a query (QR clear), opcode QUERY, RD
            garbage[4] = 0;
            garbage[5] = 1;
            garbage[0] = 0x12;
            garbage[1] = 0x34;
            send(socket, garbage);
            Message garbageAnswer = new Message(receive(socket));
            assertThat(garbageAnswer.getHeader().getID()).isEqualTo(0x1234);
            assertThat(garbageAnswer.getHeader().getFlag(Flags.QR)).isTrue();

            // A response is never answered (no loops between servers).
            byte[] response = query("data.dispotify.", Type.A).toWire();
            response[2] |= (byte) 0x80;
            send(socket, response);
            assertThatThrownBy(() -> receive(socket)).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(addresses(udp().send(query("data.dispotify.", Type.A)))).hasSize(2);
    }

    @Test
    void malformedTcpFramesGetFormerrAndTheConnectionKeepsAnswering() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(2_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            byte[] truncated = Arrays.copyOf(query("data.dispotify.", Type.A).toWire(), 20);
            out.writeShort(truncated.length);
            out.write(truncated);
            out.flush();
            byte[] formerr = new byte[in.readUnsignedShort()];
            in.readFully(formerr);
            assertThat(new Message(formerr).getRcode()).isEqualTo(Rcode.FORMERR);

            byte[] good = query("router.dispotify.", Type.A).toWire();
            out.writeShort(good.length);
            out.write(good);
            out.flush();
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            assertThat(addresses(new Message(answer))).containsExactly("127.0.0.21");
        }
    }

    @Test
    void answerTtlIsTheRecordsRemainingTtl() throws IOException {
        registry.register(new NameRecord("router.dispotify", "r2", "127.0.0.22", 9092, 3600));

        Message answer = udp().send(query("r2.node.dispotify.", Type.A));

        assertThat(answer.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.getTTL()).isBetween(3500L, 3600L));
    }

    private void manyMembers(int count) {
        for (int i = 0; i < count; i++) {
            registry.register(new NameRecord("data.dispotify", "bulk-" + i, "127.0.1." + i, 10_000 + i, 10));
        }
    }

    private SimpleResolver udp() throws IOException {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(server.port());
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static List<String> addresses(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    private void send(DatagramSocket socket, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.port()));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }
}
