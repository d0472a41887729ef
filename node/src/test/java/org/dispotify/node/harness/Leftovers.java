package org.dispotify.node.harness;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for what the harness creates outside its processes (network namespaces, links, nft tables,
 * cgroups): {@code dsf<pid>_<n>}, with the PID (base 36, so that an interface name stays within 15
 * characters) of the test JVM that made them. A test JVM killed
 * before its cleanup ran leaves them behind; the next run removes those whose PID is gone, and never
 * touches another live run's.
 */
final class Leftovers {

    static final String PREFIX = "dsf";
    private static final Pattern NAME = Pattern.compile("^" + PREFIX + "([0-9a-z]+)_");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Leftovers() {
    }

    /** A fresh tag for this JVM, short enough for an interface name with 3 more characters (15 at most). */
    static String newTag() {
        return PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "_" + Integer.toString(SEQUENCE.incrementAndGet(), 36);
    }

    /** Whether {@code name} was made by a harness whose test JVM has exited. */
    static boolean stale(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.find()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1), 36);
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
