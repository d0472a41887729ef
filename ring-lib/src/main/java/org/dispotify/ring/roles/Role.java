package org.dispotify.ring.roles;

import java.util.Locale;

/** The two roles a ring member can hold; each has a group name in the name service. */
public enum Role {
    DATA,
    ROUTER;

    /** The name-service group this role registers under, e.g. {@code data.dispotify}. */
    public String groupName() {
        return name().toLowerCase(Locale.ROOT) + ".dispotify";
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code data} or {@code router}, case-insensitively. */
    public static Role parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
