package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each node in its own network namespace, joined by a veth pair to a bridge this harness makes in the
 * host namespace, on a /24 of 198.18.0.0/15 (RFC 2544's benchmarking range, never routed). The bridge
 * holds {@code .1}: the name service, the delay proxies and the test JVM use it; node {@code i} is
 * {@code .(10+i)} inside its namespace. So every node has its own source address and its own
 * interface ({@code <tag>v<i>} on the bridge), which is what partitions and loss match on.
 * <p>
 * One nft table of the bridge family ({@code <tag>}) holds the network faults: chain {@code between}
 * (node to node: partitions), {@code sent} (every frame a node sends) and {@code received} (every frame
 * sent to a node), so a drop there is a real lost packet that TCP must retransmit.
 * {@link #close()} deletes the table, the namespaces (with their veth pairs) and the bridge; leftovers
 * of a test JVM that died are removed when the next one starts ({@link Leftovers}).
 * <p>
 * The harness does not rely on the host's firewall: with {@code br_netfilter} loaded (a Docker engine loads
 * it), bridged frames also cross the IPv4 {@code forward} hook, where a Docker engine's {@code ip filter
 * FORWARD} chain drops them by policy. In nftables an accept in a table of our own cannot overrule that
 * drop, so while the bridge exists the harness puts one accept rule for it at the head of that chain
 * (commented with its tag, removed on close or as a leftover).
 */
final class Isolation implements AutoCloseable {

    private static final int FIRST_HOST = 10;

    private final String tag;
    private final String subnet;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    /** One node's place: its namespace, host-side interface and address. */
    record Slot(String nodeId, String namespace, String hostInterface, String address) {
    }

    private Isolation(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
    }

    /** Why namespaces cannot be made here, or empty if they can. */
    static Optional<String> unavailable() {
        if (!Commands.root()) {
            return Optional.of("network namespaces, bridges and nft need root (CI runs as root)");
        }
        if (!Commands.tryRun("ip", "netns", "list").ok()) {
            return Optional.of("`ip netns` does not work here (iproute2 missing?)");
        }
        if (!Commands.tryRun("nft", "list", "tables").ok()) {
            return Optional.of("`nft` does not work here (apt-get install nftables)");
        }
        return Optional.empty();
    }

    static Isolation create() {
        unavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        removeLeftovers();
        String tag = Leftovers.newTag();
        Isolation isolation = new Isolation(tag, freeSubnet());
        try {
            isolation.makeBridge();
        } catch (RuntimeException e) {
            isolation.close();
            throw e;
        }
        return isolation;
    }

    String tag() {
        return tag;
    }

    /** The bridge's address in the host namespace. */
    String hostAddress() {
        return subnet + "1";
    }

    String table() {
        return tag;
    }

    /** The node's slot, made (namespace, veth, address, loopback up) on first use. */
    synchronized Slot slot(String nodeId) {
        Slot existing = slots.get(nodeId);
        if (existing != null) {
            return existing;
        }
        int index = slots.size();
        if (FIRST_HOST + index > 250) {
            throw new IllegalStateException("at most 240 nodes per isolated cluster");
        }
        Slot slot = new Slot(nodeId, tag + "n" + index, tag + "v" + index, subnet + (FIRST_HOST + index));
        slots.put(nodeId, slot);
        Commands.run("ip", "netns", "add", slot.namespace());
        Commands.run("ip", "link", "add", slot.hostInterface(), "type", "veth", "peer", "name", "eth0", "netns", slot.namespace());
        Commands.run("ip", "link", "set", slot.hostInterface(), "master", bridge(), "up");
        Commands.run("ip", "-n", slot.namespace(), "addr", "add", slot.address() + "/24", "dev", "eth0");
        Commands.run("ip", "-n", slot.namespace(), "link", "set", "eth0", "up");
        Commands.run("ip", "-n", slot.namespace(), "link", "set", "lo", "up");
        return slot;
    }

    synchronized Slot existing(String nodeId) {
        Slot slot = slots.get(nodeId);
        if (slot == null) {
            throw new IllegalArgumentException(nodeId + " has no network namespace in " + tag);
        }
        return slot;
    }

    /** {@code command} run inside the node's namespace ({@code ip netns exec} execs it: the PID stays the command's). */
    List<String> inside(Slot slot, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", slot.namespace()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs an nft script (one command per line) atomically. */
    void nft(String script) {
        try {
            Path file = Files.createTempFile(tag, ".nft");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                Commands.run("nft", "-f", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write an nft script", e);
        }
    }

    @Override
    public synchronized void close() {
        List<String> problems = new ArrayList<>();
        attempt(problems, "nft", "delete", "table", "bridge", table());
        for (Slot slot : slots.values()) {
            // The namespace would take its veth pair along, but only once the kernel gets to it: deleted first, it is gone now.
            attempt(problems, "ip", "link", "delete", slot.hostInterface());
            attempt(problems, "ip", "netns", "delete", slot.namespace());
        }
        attempt(problems, "ip", "link", "delete", bridge());
        deleteForwardingRules(tag::equals, problems);
        slots.clear();
        if (!problems.isEmpty()) {
            System.err.println("isolation " + tag + " cleanup: " + problems);
        }
    }

    private void makeBridge() {
        Commands.run("ip", "link", "add", bridge(), "type", "bridge");
        openForwarding();
        Commands.run("ip", "addr", "add", hostAddress() + "/24", "dev", bridge());
        Commands.run("ip", "link", "set", bridge(), "up");
        nft("add table bridge " + table() + "\n"
                + "add chain bridge " + table() + " between { type filter hook forward priority 0; }\n"
                + "add chain bridge " + table() + " sent { type filter hook prerouting priority 0; }\n"
                + "add chain bridge " + table() + " received { type filter hook postrouting priority 0; }\n");
    }

    private String bridge() {
        return tag + "b";
    }

    /** The host's IPv4 forward chain that a Docker engine (iptables-nft) makes, if there is one. */
    private static final List<String> FORWARD_CHAIN = List.of("ip", "filter", "FORWARD");

    private void openForwarding() {
        List<String> list = new ArrayList<>(List.of("nft", "list", "chain"));
        list.addAll(FORWARD_CHAIN);
        if (!Commands.tryRun(list.toArray(String[]::new)).ok()) {
            return; // no such chain: nothing on this host filters forwarded frames
        }
        nft("insert rule " + String.join(" ", FORWARD_CHAIN) + " iifname \"" + bridge() + "\" oifname \"" + bridge()
                + "\" counter accept comment \"" + tag + "\"\n");
    }

    /** Deletes the rules in the host's forward chain whose comment (a harness tag) passes {@code owned}. */
    static void deleteForwardingRules(java.util.function.Predicate<String> owned, List<String> problems) {
        List<String> list = new ArrayList<>(List.of("nft", "-a", "list", "chain"));
        list.addAll(FORWARD_CHAIN);
        Commands.Result chain = Commands.tryRun(list.toArray(String[]::new));
        if (!chain.ok()) {
            return;
        }
        for (String handle : ruleHandles(chain.output(), owned)) {
            List<String> delete = new ArrayList<>(List.of("nft", "delete", "rule"));
            delete.addAll(FORWARD_CHAIN);
            delete.addAll(List.of("handle", handle));
            attempt(problems, delete.toArray(String[]::new));
        }
    }

    /** Handles of the rules in an {@code nft -a list chain} output whose comment passes {@code owned}. */
    private static List<String> ruleHandles(String listing, java.util.function.Predicate<String> owned) {
        List<String> handles = new ArrayList<>();
        java.util.regex.Matcher rule = java.util.regex.Pattern.compile("comment \"([^\"]+)\".*# handle (\\d+)")
                .matcher(listing);
        while (rule.find()) {
            if (owned.test(rule.group(1))) {
                handles.add(rule.group(2));
            }
        }
        return handles;
    }

    private static void attempt(List<String> problems, String... command) {
        Commands.Result result = Commands.tryRun(command);
        if (!result.ok() && !result.output().contains("No such") && !result.output().contains("Cannot find")
                && !result.output().contains("does not exist")) {
            problems.add(String.join(" ", command) + ": " + result.output().strip());
        }
    }

    /** A 198.18.x.0/24 or 198.19.x.0/24 no interface here uses yet. */
    private static String freeSubnet() {
        String addresses = Commands.run("ip", "-o", "addr", "show");
        for (int attempt = 0; attempt < 100; attempt++) {
            String candidate = "198." + (18 + ThreadLocalRandom.current().nextInt(2)) + "."
                    + ThreadLocalRandom.current().nextInt(256) + ".";
            if (!addresses.contains(" " + candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free /24 in 198.18.0.0/15");
    }

    /** Removes namespaces, links and nft tables left by harness runs whose test JVM has gone. */
    static void removeLeftovers() {
        List<String> problems = new ArrayList<>();
        deleteForwardingRules(Leftovers::stale, problems);
        for (String line : Commands.run("nft", "list", "tables").lines().toList()) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("table") && Leftovers.stale(words[2])) {
                attempt(problems, "nft", "delete", "table", words[1], words[2]);
            }
        }
        for (String line : Commands.run("ip", "netns", "list").lines().toList()) {
            String name = line.trim().split("\\s+")[0];
            if (Leftovers.stale(name)) {
                attempt(problems, "ip", "netns", "delete", name);
            }
        }
        for (String line : Commands.run("ip", "-o", "link", "show").lines().toList()) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length >= 2) {
                String name = parts[1].split("@")[0];
                if (Leftovers.stale(name)) {
                    attempt(problems, "ip", "link", "delete", name);
                }
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("could not remove harness leftovers: " + problems);
        }
    }
}
