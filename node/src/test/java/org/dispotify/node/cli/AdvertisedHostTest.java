package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class AdvertisedHostTest {

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals).map(literal -> {
            try {
                return InetAddress.getByName(literal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    @Test
    void autoPicksThePrivateIpv4AddressOverLoopbackLinkLocalAndIpv6() {
        assertThat(AdvertisedHost.pick(addresses("127.0.0.1", "fe80::1", "169.254.3.4", "2001:db8::7", "172.18.0.5")))
                .contains("172.18.0.5");
    }

    @Test
    void autoPrefersAPrivateAddressToAPublicOneAndOtherwiseKeepsTheSystemOrder() {
        assertThat(AdvertisedHost.pick(addresses("203.0.113.9", "10.0.0.7", "192.168.1.2"))).contains("10.0.0.7");
        assertThat(AdvertisedHost.pick(addresses("203.0.113.9", "198.51.100.1"))).contains("203.0.113.9");
    }

    @Test
    void autoFindsNothingWhenOnlyLoopbackAndIpv6AreThere() {
        assertThat(AdvertisedHost.pick(addresses("127.0.0.1", "::1", "fe80::1"))).isEmpty();
    }

    @Test
    void anythingButAutoIsKeptAsGiven() {
        assertThat(AdvertisedHost.resolve("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(AdvertisedHost.resolve(" node1.example ")).isEqualTo("node1.example");
    }

    @Test
    void autoOnThisMachineGivesANonLoopbackIpv4AddressOrAClearError() {
        try {
            String host = AdvertisedHost.resolve("AUTO");
            assertThat(host).matches("\\d+\\.\\d+\\.\\d+\\.\\d+").doesNotStartWith("127.");
        } catch (CliException e) {
            assertThat(e.getMessage()).contains("--host auto found no non-loopback IPv4 address");
        }
    }
}
