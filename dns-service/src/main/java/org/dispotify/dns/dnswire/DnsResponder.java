package org.dispotify.dns.dnswire;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.records.RecordNames;
import org.dispotify.dns.records.RecordRegistry;
import org.dispotify.dns.records.Registration;
import org.dispotify.dns.resolve.Resolver;
import org.dispotify.dns.system.NameServiceMetrics;
import org.dispotify.dns.system.NameServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import org.springframework.stereotype.Component;

/**
 * Answers DNS queries for the zone {@code dispotify.} from the in-memory registry: A records
 * for group and node names, SRV for {@code _http._tcp.<group>} with the targets' A records in
 * the additional section, NXDOMAIN or NODATA with the SOA in the authority section.
 *
 * <p>Members registered with a hostname instead of an IPv4 literal get no A record in group
 * answers (resolving a hostname could block the event loop); their node name answers with a
 * CNAME to the hostname instead, so a resolver can follow it. UDP answers are limited to 512
 * bytes, or to the client's EDNS payload size (at most 4096) when the query carries an OPT
 * record; past the limit the answer is truncated with the TC bit set. TCP answers are whole.
 */
@Component
class DnsResponder {

    private static final Logger log = LoggerFactory.getLogger(DnsResponder.class);

    static final Name ZONE = Name.fromConstantString(RecordNames.ZONE + ".");
    private static final Name NS = Name.fromConstantString("ns." + RecordNames.ZONE + ".");
    private static final Name HOSTMASTER = Name.fromConstantString("hostmaster." + RecordNames.ZONE + ".");
    private static final String SRV_PREFIX = "_http._tcp.";
    private static final int HEADER_LENGTH = 12;
    private static final int CLASSIC_UDP_LIMIT = 512;
    private static final int MAX_UDP_PAYLOAD = 4096;
    private static final int TCP_LIMIT = 65535;

    private final Resolver resolver;
    private final RecordRegistry registry;
    private final NameServiceMetrics metrics;
    private final int negativeTtl;

    DnsResponder(Resolver resolver, RecordRegistry registry, NameServiceMetrics metrics,
            NameServiceProperties properties) {
        this.resolver = resolver;
        this.registry = registry;
        this.metrics = metrics;
        this.negativeTtl = properties.dns().defaultTtlSeconds();
    }

    /**
     * The wire answer to a wire query, or null to send nothing: too short to hold a header, or
     * a response rather than a query (answering responses could loop between servers).
     * Never throws.
     */
    byte[] answer(byte[] wire, Transport transport) {
        if (wire.length < HEADER_LENGTH || (wire[2] & 0x80) != 0) {
            metrics.query(transport.tag, "DROPPED");
            return null;
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return error(wire, Rcode.FORMERR, transport);
        }
        try {
            return respond(query, transport);
        } catch (RuntimeException e) {
            log.warn("DNS query failed: {}", query.getQuestion(), e);
            return error(wire, Rcode.SERVFAIL, transport);
        }
    }

    private byte[] respond(Message query, Transport transport) {
        Header queryHeader = query.getHeader();
        if (queryHeader.getOpcode() != Opcode.QUERY) {
            return error(query, Rcode.NOTIMP, transport);
        }
        Record question = query.getQuestion();
        if (queryHeader.getCount(Section.QUESTION) != 1 || question == null) {
            return error(query, Rcode.FORMERR, transport);
        }
        OPTRecord opt = query.getOPT();
        Message response = reply(query);
        response.addRecord(question, Section.QUESTION);

        Name qname = question.getName();
        int dclass = question.getDClass();
        int rcode;
        if ((dclass != DClass.IN && dclass != DClass.ANY) || !qname.subdomain(ZONE)) {
            rcode = Rcode.REFUSED;
        } else {
            response.getHeader().setFlag(Flags.AA);
            rcode = lookup(qname, question.getType(), response);
        }
        response.getHeader().setRcode(rcode);
        if (opt != null) {
            response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        metrics.query(transport.tag, Rcode.string(rcode));
        return response.toWire(limit(transport, opt));
    }

    /** Fills the answer (or authority) section; returns the rcode. */
    private int lookup(Name qname, int type, Message response) {
        String name = qname.toString(true).toLowerCase(Locale.ROOT);
        long now = registry.now();
        if (name.equals(RecordNames.ZONE)) {
            if (type == Type.SOA || type == Type.ANY) {
                response.addRecord(soa(), Section.ANSWER);
            } else {
                response.addRecord(soa(), Section.AUTHORITY);
            }
            return Rcode.NOERROR;
        }
        if (name.startsWith(SRV_PREFIX)) {
            List<Registration> members = resolver.resolve(name.substring(SRV_PREFIX.length()));
            if (!members.isEmpty()) {
                if (type == Type.SRV || type == Type.ANY) {
                    srv(qname, members, now, response);
                } else {
                    response.addRecord(soa(), Section.AUTHORITY);
                }
                return Rcode.NOERROR;
            }
        }
        List<Registration> members = resolver.resolve(name);
        if (!members.isEmpty()) {
            boolean nodeName = RecordNames.nodeIdOf(name) != null;
            boolean answered = false;
            if (type == Type.A || type == Type.ANY || (nodeName && type == Type.CNAME)) {
                answered = addresses(qname, members, nodeName, type, now, response);
            }
            if (!answered) {
                response.addRecord(soa(), Section.AUTHORITY);
            }
            return Rcode.NOERROR;
        }
        response.addRecord(soa(), Section.AUTHORITY);
        return exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN;
    }

    private boolean addresses(Name owner, List<Registration> members, boolean nodeName, int type, long now,
            Message response) {
        boolean answered = false;
        for (Registration member : members) {
            if (member.ipv4() != null && type != Type.CNAME) {
                response.addRecord(new ARecord(owner, DClass.IN, member.remainingSeconds(now), member.ipv4()),
                        Section.ANSWER);
                answered = true;
            } else if (member.ipv4() == null && nodeName) {
                Name target = hostName(member.record());
                if (target != null) {
                    response.addRecord(new CNAMERecord(owner, DClass.IN, member.remainingSeconds(now), target),
                            Section.ANSWER);
                    return true; // one CNAME per owner name
                }
            }
        }
        return answered;
    }

    private void srv(Name owner, List<Registration> members, long now, Message response) {
        for (Registration member : members) {
            NameRecord record = member.record();
            Name target = Name.fromConstantString(RecordNames.nodeName(record.nodeId()) + ".");
            long ttl = member.remainingSeconds(now);
            response.addRecord(new SRVRecord(owner, DClass.IN, ttl, 0, 1, record.port(), target), Section.ANSWER);
            if (member.ipv4() != null) {
                response.addRecord(new ARecord(target, DClass.IN, ttl, member.ipv4()), Section.ADDITIONAL);
            }
        }
    }

    /** An empty non-terminal: no records of its own, but names below it (RFC 8020: not NXDOMAIN). */
    private boolean exists(String name) {
        String suffix = "." + name;
        if (name.equals(RecordNames.NODE_PARENT)) {
            return registry.size() > 0;
        }
        for (String group : registry.groupNames()) {
            if ((SRV_PREFIX + group).endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private SOARecord soa() {
        long serial = registry.serial() & 0xFFFF_FFFFL;
        return new SOARecord(ZONE, DClass.IN, negativeTtl, NS, HOSTMASTER, serial, 60, 30, 600, negativeTtl);
    }

    private static Name hostName(NameRecord record) {
        try {
            return Name.fromString(record.host(), Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }

    private static Message reply(Message query) {
        Message response = new Message(query.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        return response;
    }

    private byte[] error(Message query, int rcode, Transport transport) {
        Message response = reply(query);
        response.getHeader().setRcode(rcode);
        metrics.query(transport.tag, Rcode.string(rcode));
        return response.toWire();
    }

    /** An error answer to a query whose body could not be parsed: only its header is echoed. */
    private byte[] error(byte[] wire, int rcode, Transport transport) {
        Message response = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode((wire[2] >> 3) & 0xF);
        if ((wire[2] & 0x01) != 0) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(rcode);
        metrics.query(transport.tag, Rcode.string(rcode));
        return response.toWire();
    }

    private static int limit(Transport transport, OPTRecord opt) {
        if (transport == Transport.TCP) {
            return TCP_LIMIT;
        }
        if (opt == null) {
            return CLASSIC_UDP_LIMIT;
        }
        return Math.max(CLASSIC_UDP_LIMIT, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
    }
}
