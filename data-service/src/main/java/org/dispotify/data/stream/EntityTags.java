package org.dispotify.data.stream;

/** Entity-tag comparisons of RFC 9110 section 8.8.3.2. */
final class EntityTags {

    private EntityTags() {
    }

    /** If-None-Match: weak comparison against a list of tags, or {@code *}. */
    static boolean matchesAny(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || stripWeak(tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** If-Range: strong comparison against one tag; a date or a weak tag never matches. */
    static boolean strongMatch(String header, String etag) {
        return header.trim().equals(etag);
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
