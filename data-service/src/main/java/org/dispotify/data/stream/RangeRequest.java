package org.dispotify.data.stream;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a file of a given size, per RFC 9110 section 14: one range
 * ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), the whole file (no header, a header this
 * server ignores: another unit, bad syntax, or several ranges, which RFC 9110 lets a server answer
 * with the whole representation), or nothing it can satisfy.
 */
sealed interface RangeRequest {

    record Whole() implements RangeRequest {
    }

    record Partial(ByteRange range) implements RangeRequest {
    }

    record Unsatisfiable() implements RangeRequest {
    }

    RangeRequest WHOLE = new Whole();
    RangeRequest UNSATISFIABLE = new Unsatisfiable();

    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return WHOLE;
        }
        String value = header.trim();
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return WHOLE;
        }
        String spec = value.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String first = spec.substring(0, dash);
        String last = spec.substring(dash + 1);
        if (first.isEmpty()) {
            if (!digits(last)) {
                return WHOLE;
            }
            long suffix = number(last);
            return suffix == 0 ? UNSATISFIABLE : new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        if (!digits(first)) {
            return WHOLE;
        }
        long start = number(first);
        if (last.isEmpty()) {
            return fromStart(start, size);
        }
        if (!digits(last)) {
            return WHOLE;
        }
        long end = number(last);
        if (end < start) {
            return WHOLE; // invalid per RFC 9110 14.1.1, and an invalid Range header is ignored
        }
        return start >= size ? UNSATISFIABLE : new Partial(new ByteRange(start, Math.min(end, size - 1)));
    }

    private static RangeRequest fromStart(long start, long size) {
        return start >= size ? UNSATISFIABLE : new Partial(new ByteRange(start, size - 1));
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Numbers past 18 digits exceed any file; saturate instead of overflowing. */
    private static long number(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
