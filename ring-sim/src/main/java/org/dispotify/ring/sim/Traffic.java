package org.dispotify.ring.sim;

import java.util.Map;
import java.util.TreeMap;

/** Ring messages handed to the network: how many and how many bytes, per message type, cumulative. */
public final class Traffic {

    private final Map<String, long[]> byType = new TreeMap<>();
    private long messages;
    private long bytes;
    private long lost;
    private long oversize;
    private long misdecoded;

    void sent(String type, int size) {
        long[] counts = byType.computeIfAbsent(type, t -> new long[2]);
        counts[0]++;
        counts[1] += size;
        messages++;
        bytes += size;
    }

    void countLost() {
        lost++;
    }

    void countMisdecoded() {
        misdecoded++;
    }

    /** Frames that decoded to something other than the message sent. */
    public long misdecoded() {
        return misdecoded;
    }

    void countOversize() {
        oversize++;
    }

    public long messages() {
        return messages;
    }

    public long bytes() {
        return bytes;
    }

    /** Messages the network dropped (loss, cuts, dead receivers). */
    public long lost() {
        return lost;
    }

    /** Messages the codec refused to send because they were larger than a frame. */
    public long oversize() {
        return oversize;
    }

    /** Per type: {messages, bytes}. */
    public Map<String, long[]> byType() {
        Map<String, long[]> copy = new TreeMap<>();
        byType.forEach((type, counts) -> copy.put(type, counts.clone()));
        return copy;
    }
}
