package org.dispotify.node.harness.report;

import java.time.Duration;

/**
 * Which fault suite runs: the short subset of {@code ./mvnw verify}, or the full one of
 * {@code ./mvnw verify -Pfaults} (system property {@code dispotify.faults.suite=full}, set by the profile).
 * Full-only scenarios carry {@code @EnabledIfSystemProperty(named = Suite.PROPERTY, matches = Suite.FULL)}.
 */
public final class Suite {

    public static final String PROPERTY = "dispotify.faults.suite";
    public static final String FULL = "full";

    private Suite() {
    }

    public static boolean full() {
        return FULL.equals(System.getProperty(PROPERTY));
    }

    /** {@code full}, {@code subset} (the default build), or another suite asked for by name (e.g. {@code soak}). */
    public static String name() {
        String asked = System.getProperty(PROPERTY, "");
        return full() ? FULL : asked.isBlank() || asked.equals("subset") ? "subset" : asked;
    }

    /** {@code subset} in the default build, {@code full} with -Pfaults (e.g. a steady state of 1 vs 10 minutes). */
    public static Duration duration(Duration subset, Duration full) {
        return full() ? full : subset;
    }

    public static int count(int subset, int full) {
        return full() ? full : subset;
    }
}
