package org.dispotify.dns.records;

import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax of the names the service holds, and the derived per-node names. */
public final class RecordNames {

    /** The zone every name lives in (without the root dot). */
    public static final String ZONE = "dispotify";

    /** Parent of the derived node names: {@code <nodeId>.node.dispotify}. */
    public static final String NODE_PARENT = "node." + ZONE;

    /** One lowercase DNS label (RFC 1123 host label). */
    public static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    /**
     * A registrable name: lowercase labels under the zone, outside the derived
     * {@code node.dispotify} subtree. The 253-character limit is checked separately.
     */
    public static final String GROUP_NAME =
            "(?!(?:.*\\.)?node\\.dispotify$)(?:" + LABEL + "\\.)+dispotify";

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

    /** A dotted-quad IPv4 literal. */
    public static final String IPV4 = "(?:" + OCTET + "\\.){3}" + OCTET;

    private static final String HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    /**
     * An IPv4 literal or a hostname; a hostname's last label starts with a letter, so a
     * malformed address such as {@code 10.0.0.300} is not taken for a hostname.
     */
    public static final String HOST = IPV4 + "|(?:" + HOST_LABEL + "\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    public static final int MAX_NAME_LENGTH = 253;

    private static final Pattern GROUP = Pattern.compile(GROUP_NAME);
    private static final Pattern LABEL_PATTERN = Pattern.compile(LABEL);
    private static final Pattern IPV4_PATTERN = Pattern.compile(IPV4);
    private static final String NODE_SUFFIX = "." + NODE_PARENT;

    private RecordNames() {
    }

    /** Lowercases a looked-up name and strips a trailing root dot; DNS names ignore case. */
    public static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    public static boolean isGroupName(String name) {
        return name.length() <= MAX_NAME_LENGTH && GROUP.matcher(name).matches();
    }

    public static boolean isLabel(String label) {
        return LABEL_PATTERN.matcher(label).matches();
    }

    public static boolean isIpv4(String host) {
        return IPV4_PATTERN.matcher(host).matches();
    }

    /** The node id of {@code <nodeId>.node.dispotify}, or null when the name is no node name. */
    public static String nodeIdOf(String name) {
        if (!name.endsWith(NODE_SUFFIX)) {
            return null;
        }
        String label = name.substring(0, name.length() - NODE_SUFFIX.length());
        return isLabel(label) ? label : null;
    }

    public static String nodeName(String nodeId) {
        return nodeId + NODE_SUFFIX;
    }
}
