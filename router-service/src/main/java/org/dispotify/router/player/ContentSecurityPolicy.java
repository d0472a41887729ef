package org.dispotify.router.player;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Content Security Policy of every node's responses, and of the player's page with the cluster's
 * routers added to {@code img-src}. The player loads only its own files; it talks to other routers and
 * plays from data nodes, which are other origins, hence http(s) in connect- and media-src. Pictures come
 * only from routers (covers, scaled): its own, and after a router failover another one, so the page's
 * policy names each router of the cluster, and no other origin.
 */
public final class ContentSecurityPolicy {

    public static final String IMAGES = "img-src 'self' data:";
    public static final String BASE = "default-src 'self'; script-src 'self'; style-src 'self'; " + IMAGES + "; "
            + "media-src 'self' http: https:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    /**
     * What a CSP host-source may be here: a DNS name or IPv4 address and a port. Names come from the name
     * service; anything else (an IPv6 literal, a stray space or semicolon) is left out rather than let
     * it change the policy's meaning.
     */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private ContentSecurityPolicy() {
    }

    /**
     * The base policy with these routers' origins allowed as image sources. A source without a scheme
     * matches the page's own (http, or https behind a proxy), so one policy serves both.
     */
    public static String withImageHosts(Collection<HostPort> routers) {
        String sources = routers.stream()
                .filter(r -> HOST.matcher(r.host()).matches() && r.port() > 0 && r.port() < 65536)
                .map(r -> r.host() + ":" + r.port())
                .distinct()
                .sorted()
                .collect(Collectors.joining(" "));
        return sources.isEmpty() ? BASE : BASE.replace(IMAGES, IMAGES + " " + sources);
    }

    /** A router's address as the cluster lists it. */
    public record HostPort(String host, int port) {
    }
}
