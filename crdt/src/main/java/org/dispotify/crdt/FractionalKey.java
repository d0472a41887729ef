package org.dispotify.crdt;

/**
 * Keys that sort between any two others (fractional indexing, as rocicorp's and Figma's lists do): strings
 * of base-62 digits, compared as strings, never ending in the lowest digit, so there is always a key
 * between two keys, before the first and after the last. Inserting between neighbours grows a key by about
 * one digit per six halvings of the same gap.
 */
final class FractionalKey {

    static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FractionalKey() {
    }

    /**
     * A key strictly between {@code before} and {@code after}.
     *
     * @param before the key to sort after, or null for the start of the list
     * @param after  the key to sort before, or null for the end; greater than {@code before}
     */
    static String between(String before, String after) {
        String a = before == null ? "" : before;
        check(a);
        if (after != null) {
            check(after);
            if (a.compareTo(after) >= 0) {
                throw new IllegalArgumentException("no key between " + a + " and " + after + ": not in order");
            }
        }
        return midpoint(a, after);
    }

    private static String midpoint(String a, String b) {
        if (b != null) {
            int n = 0;
            while (n < b.length() && digitAt(a, n) == b.charAt(n)) {
                n++;
            }
            if (n > 0) {
                return b.substring(0, n) + midpoint(a.length() > n ? a.substring(n) : "", b.substring(n));
            }
        }
        int digitA = a.isEmpty() ? 0 : DIGITS.indexOf(a.charAt(0));
        int digitB = b == null ? DIGITS.length() : DIGITS.indexOf(b.charAt(0));
        if (digitB - digitA > 1) {
            return String.valueOf(DIGITS.charAt((digitA + digitB + 1) / 2));
        }
        if (b != null && b.length() > 1) {
            return b.substring(0, 1);
        }
        return DIGITS.charAt(digitA) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }

    private static char digitAt(String key, int index) {
        return index < key.length() ? key.charAt(index) : DIGITS.charAt(0);
    }

    private static void check(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (DIGITS.indexOf(key.charAt(i)) < 0) {
                throw new IllegalArgumentException("not a fractional key: " + key);
            }
        }
        if (!key.isEmpty() && key.charAt(key.length() - 1) == DIGITS.charAt(0)) {
            throw new IllegalArgumentException("a fractional key never ends in " + DIGITS.charAt(0) + ": " + key);
        }
    }
}
