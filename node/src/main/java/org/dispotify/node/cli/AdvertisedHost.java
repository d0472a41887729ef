package org.dispotify.node.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The address a node registers. {@code auto} means "this machine's (container's) own non-loopback
 * IPv4 address": in a container the address is given out at start and unknown beforehand, and the
 * name service answers A records for IPv4 addresses only, so a hostname would not do.
 */
final class AdvertisedHost {

    static final String AUTO = "auto";

    private AdvertisedHost() {
    }

    /** The given host unchanged, or for {@code auto} the first usable IPv4 address of an interface that is up. */
    static String resolve(String host) {
        if (!AUTO.equalsIgnoreCase(host.strip())) {
            return host.strip();
        }
        return pick(interfaceAddresses()).orElseThrow(() -> new CliException(
                "--host auto found no non-loopback IPv4 address on this machine; pass --host with the address "
                        + "other nodes reach this one at"));
    }

    /**
     * The first site-local (private) IPv4 address, else the first other non-loopback, non-link-local
     * one: a container's bridge address is private, and a public one is still better than none.
     */
    static Optional<String> pick(List<InetAddress> candidates) {
        return candidates.stream()
                .filter(Inet4Address.class::isInstance)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()
                        && !a.isMulticastAddress())
                .min(Comparator.comparing((InetAddress a) -> !a.isSiteLocalAddress()))
                .map(InetAddress::getHostAddress);
    }

    /** Addresses of the interfaces that are up, in the order the system lists them (eth0 before docker0 etc.). */
    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual() && !nic.isPointToPoint()) {
                    addresses.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            throw new CliException("--host auto could not list this machine's network interfaces: " + e.getMessage());
        }
        return addresses;
    }
}
