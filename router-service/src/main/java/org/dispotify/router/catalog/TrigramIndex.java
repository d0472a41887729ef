package org.dispotify.router.catalog;

import java.util.Arrays;
import java.util.List;

/**
 * Which songs may contain a search text of three or more characters: an index of the three-
 * character substrings (trigrams) of every song's lower-cased title, artist, album and genre.
 * Scanning 100,000 songs costs milliseconds of CPU per search, which at 500 searches a second is
 * more than the machine has (bench/catalog.sh); the index narrows a search to the songs that hold
 * all of its trigrams, which callers then check with a plain substring match.
 *
 * <p>The keys themselves lie side by side in one string, so checking a candidate reads a few
 * neighbouring bytes instead of following four references per song.
 *
 * <p>Trigrams are hashed into a fixed number of buckets, so a bucket may also hold songs with
 * other trigrams: the candidates are a superset, never a subset, of the matches. Postings are one
 * int array (songs by ordinal, ascending within a bucket) plus bucket offsets: about 4 bytes per
 * distinct trigram of each song, and nothing per request but the answer.
 */
final class TrigramIndex {

    static final int GRAM = 3;
    private static final int BUCKET_BITS = 16;
    private static final int BUCKETS = 1 << BUCKET_BITS;

    /** Between two keys in {@code text}: no search text holds it (see {@link CatalogSnapshot}). */
    static final char SEPARATOR = '\u0000';

    private final int[] offsets;
    private final int[] postings;
    /** Every song's keys, each followed by {@link #SEPARATOR}, song after song in ordinal order. */
    private final String text;
    /** Where each ordinal's keys start in {@code text}; one more entry marks the end. */
    private final int[] starts;

    private TrigramIndex(int[] offsets, int[] postings, String text, int[] starts) {
        this.offsets = offsets;
        this.postings = postings;
        this.text = text;
        this.starts = starts;
    }

    /** Indexes {@code songs}; a song's ordinal is its position in the list. */
    static TrigramIndex of(List<CatalogSong> songs) {
        int[] counts = new int[BUCKETS + 1];
        int[] lastSong = new int[BUCKETS];
        Arrays.fill(lastSong, -1);
        for (int ordinal = 0; ordinal < songs.size(); ordinal++) {
            for (String key : songs.get(ordinal).keys()) {
                for (int i = 0; i + GRAM <= key.length(); i++) {
                    int bucket = bucket(key, i);
                    if (lastSong[bucket] != ordinal) {
                        lastSong[bucket] = ordinal;
                        counts[bucket + 1]++;
                    }
                }
            }
        }
        int[] offsets = new int[BUCKETS + 1];
        for (int b = 0; b < BUCKETS; b++) {
            offsets[b + 1] = offsets[b] + counts[b + 1];
        }
        int[] postings = new int[offsets[BUCKETS]];
        int[] next = Arrays.copyOf(offsets, BUCKETS);
        Arrays.fill(lastSong, -1);
        for (int ordinal = 0; ordinal < songs.size(); ordinal++) {
            for (String key : songs.get(ordinal).keys()) {
                for (int i = 0; i + GRAM <= key.length(); i++) {
                    int bucket = bucket(key, i);
                    if (lastSong[bucket] != ordinal) {
                        lastSong[bucket] = ordinal;
                        postings[next[bucket]++] = ordinal;
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder(songs.size() * 64);
        int[] starts = new int[songs.size() + 1];
        for (int ordinal = 0; ordinal < songs.size(); ordinal++) {
            starts[ordinal] = text.length();
            for (String key : songs.get(ordinal).keys()) {
                text.append(key).append(SEPARATOR);
            }
        }
        starts[songs.size()] = text.length();
        return new TrigramIndex(offsets, postings, text.toString(), starts);
    }

    /**
     * Ordinals, ascending, of every song that contains {@code needle} (lower-cased, not empty) in
     * its title, artist, album or genre.
     */
    int[] matches(String needle) {
        int[] candidates;
        if (needle.length() < GRAM) {
            // Too short for a trigram: one or two characters match much of the catalog anyway.
            candidates = new int[starts.length - 1];
            Arrays.setAll(candidates, ordinal -> ordinal);
        } else {
            candidates = candidates(needle);
        }
        int count = 0;
        for (int candidate : candidates) {
            if (contains(candidate, needle)) {
                candidates[count++] = candidate;
            }
        }
        return Arrays.copyOf(candidates, count);
    }

    /** The songs found in the buckets of all of the needle's trigrams, shortest list first. */
    private int[] candidates(String needle) {
        int grams = needle.length() - GRAM + 1;
        int[] buckets = new int[grams];
        for (int i = 0; i < grams; i++) {
            buckets[i] = bucket(needle, i);
        }
        buckets = Arrays.stream(buckets).distinct().boxed()
                .sorted(java.util.Comparator.comparingInt(this::size))
                .mapToInt(Integer::intValue).toArray();
        int[] result = Arrays.copyOfRange(postings, offsets[buckets[0]], offsets[buckets[0] + 1]);
        int count = result.length;
        for (int i = 1; i < buckets.length && count > 0; i++) {
            int at = offsets[buckets[i]];
            int end = offsets[buckets[i] + 1];
            int kept = 0;
            for (int c = 0; c < count && at < end; c++) {
                at = seek(postings, at, end, result[c]);
                if (at < end && postings[at] == result[c]) {
                    result[kept++] = result[c];
                }
            }
            count = kept;
        }
        return Arrays.copyOf(result, count);
    }

    /** First index in {@code [from, to)} of ascending {@code a} holding a value >= {@code x}: gallop, then halve. */
    private static int seek(int[] a, int from, int to, int x) {
        int bound = 1;
        while (from + bound < to && a[from + bound] < x) {
            bound <<= 1;
        }
        int low = from + (bound >> 1);
        int high = Math.min(from + bound + 1, to);
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (a[mid] < x) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Substring search in one song's keys, which lie side by side in {@code text}. */
    private boolean contains(int ordinal, String needle) {
        char first = needle.charAt(0);
        int last = starts[ordinal + 1] - needle.length();
        for (int at = starts[ordinal]; at <= last; at++) {
            if (text.charAt(at) == first && text.startsWith(needle, at)) {
                return true;
            }
        }
        return false;
    }

    private int size(int bucket) {
        return offsets[bucket + 1] - offsets[bucket];
    }

    private static int bucket(String text, int at) {
        long gram = ((long) text.charAt(at) << 32) | ((long) text.charAt(at + 1) << 16) | text.charAt(at + 2);
        return (int) ((gram * 0x9E3779B97F4A7C15L) >>> (64 - BUCKET_BITS));
    }
}
