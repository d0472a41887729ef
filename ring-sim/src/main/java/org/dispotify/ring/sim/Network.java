package org.dispotify.ring.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingCodecException;
import org.dispotify.ring.message.RingMessage;

/**
 * The links between simulated processes. A message goes through the real codec (its size counts, and a
 * message larger than a frame is not sent, as over a WebSocket), takes the link's delay, and is handed
 * to the receiving process if that same process still runs and no cut lies between them. Messages are
 * immutable records, so the receiver gets the sender's object; the first frames of every type are also
 * decoded and compared with it, so a codec that does not give back what it was given fails the run. A link keeps order (TCP does) unless reordering is on. Faults: message loss (everywhere, or on
 * one link), duplication, reordering, and cuts between groups of processes, both ways or one way.
 * <p>
 * A process that is not running refuses connections (its port is closed), unless a cut lies between:
 * a cut only ever silences, as a DROP firewall rule or a lost route would.
 */
public final class Network {

    /** Frames of each type decoded and compared with what was sent. */
    private static final int ROUND_TRIPS = 32;

    private final VirtualTime time;
    private final SplittableRandom random;
    private final RingCodec codec;
    private final LatencyModel.Sampler latency;
    private final Traffic traffic = new Traffic();
    private final Map<String, Endpoint> processes = new HashMap<>();
    private final Map<String, Long> lastDelivery = new HashMap<>();
    private final Map<String, Integer> roundTrips = new HashMap<>();
    private final Set<String> cuts = new HashSet<>();
    private final Map<String, Double> linkLoss = new HashMap<>();
    private double loss;
    private double duplication;
    private boolean reordering;
    private long extraDelay;

    public Network(VirtualTime time, SplittableRandom random, RingCodec codec, LatencyModel latency) {
        this.time = time;
        this.random = random;
        this.codec = codec;
        this.latency = latency.sampler(random);
    }

    public Traffic traffic() {
        return traffic;
    }

    void attach(Endpoint process) {
        processes.put(process.id(), process);
    }

    /** The share of messages lost on every link (0..1). */
    public void loss(double rate) {
        loss = rate;
    }

    public double loss() {
        return loss;
    }

    /** Extra loss on the link {@code from} → {@code to}. */
    public void linkLoss(String from, String to, double rate) {
        if (rate <= 0) {
            linkLoss.remove(from + ">" + to);
        } else {
            linkLoss.put(from + ">" + to, rate);
        }
    }

    public void duplication(double rate) {
        duplication = rate;
    }

    public void reordering(boolean on) {
        reordering = on;
    }

    /** Extra delay on every message (a congested network). */
    public void extraDelay(long nanos) {
        extraDelay = Math.max(0, nanos);
    }

    /** Nothing from {@code from} reaches {@code to} until {@link #heal} (in flight included). */
    public void cut(String from, String to) {
        cuts.add(from + ">" + to);
    }

    public void heal(String from, String to) {
        cuts.remove(from + ">" + to);
    }

    public void healAll() {
        cuts.clear();
    }

    public boolean cut(String from, String to, boolean either) {
        return cuts.contains(from + ">" + to) || either && cuts.contains(to + ">" + from);
    }

    /** Whether {@code from}'s connection attempts to {@code to} are refused: no process listens there, and no cut hides it. */
    boolean refused(String from, String to) {
        Endpoint target = processes.get(to);
        return (target == null || !target.listening()) && !cut(from, to, true);
    }

    void send(Endpoint sender, Peer to, RingMessage message) {
        String frame;
        try {
            frame = codec.encode(message);
        } catch (RingCodecException e) {
            traffic.countOversize();
            return;
        }
        String type = Wire.type(message);
        traffic.sent(type, frame.length());
        if (roundTrips.merge(type, 1, Integer::sum) <= ROUND_TRIPS && !codec.decode(frame).equals(message)) {
            traffic.countMisdecoded();
        }
        String from = sender.id();
        String link = from + ">" + to.nodeId();
        Endpoint target = processes.get(to.nodeId());
        double lossHere = loss + linkLoss.getOrDefault(link, 0.0);
        if (target == null || cuts.contains(link) || random.nextDouble() < lossHere) {
            traffic.countLost();
            return;
        }
        deliver(from, target, to, message, link);
        if (duplication > 0 && random.nextDouble() < duplication) {
            deliver(from, target, to, message, link);
        }
    }

    private void deliver(String from, Endpoint target, Peer to, RingMessage message, String link) {
        long at = time.now() + latency.delay(from, to.nodeId(), extraDelay);
        if (!reordering) {
            at = Math.max(at, lastDelivery.getOrDefault(link, 0L) + 1);
            lastDelivery.put(link, at);
        }
        long generation = target.generation();
        time.at(at, () -> {
            // The same process (not a restart of it on the port), listening, and no cut arose meanwhile.
            if (target.generation() != generation || !target.listening() || cuts.contains(link)
                    || target.port() != to.port()) {
                traffic.countLost();
                return;
            }
            target.receive(message);
        });
    }

    /** The wire names of message types, as the codec writes them. */
    static final class Wire {
        private Wire() {
        }

        static String type(RingMessage message) {
            if (message instanceof RingMessage.Join) {
                return "join";
            } else if (message instanceof RingMessage.JoinAccepted) {
                return "join-accepted";
            } else if (message instanceof RingMessage.JoinRejected) {
                return "join-rejected";
            } else if (message instanceof RingMessage.Ping) {
                return "ping";
            } else if (message instanceof RingMessage.Ack) {
                return "ack";
            } else if (message instanceof RingMessage.PingReq) {
                return "ping-req";
            } else if (message instanceof RingMessage.IndirectAck) {
                return "indirect-ack";
            } else if (message instanceof RingMessage.Gossip) {
                return "gossip";
            } else if (message instanceof RingMessage.Sync) {
                return "sync";
            } else if (message instanceof RingMessage.Leave) {
                return "leave";
            } else if (message instanceof RingMessage.Alert) {
                return "alert";
            } else if (message instanceof RingMessage.Imbalance) {
                return "imbalance";
            } else if (message instanceof RingMessage.WalkDropped) {
                return "walk-dropped";
            }
            return "hop-ack";
        }
    }
}
