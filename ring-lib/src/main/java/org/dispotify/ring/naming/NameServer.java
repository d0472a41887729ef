package org.dispotify.ring.naming;

import java.net.URI;

/** One name service's HTTP endpoint, written {@code host:port} on the command line. */
public record NameServer(String host, int port) {

    public NameServer {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("name server host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("name server port must be 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port}; a bare host means port 8500. */
    public static NameServer parse(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return new NameServer(value, 8500);
        }
        try {
            return new NameServer(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("name server must be host:port, was '" + text + "'", e);
        }
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
