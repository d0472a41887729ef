package org.dispotify.router.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.dispotify.ring.naming.Member;

/**
 * An immutable view of the merged catalog, rebuilt only when some node's list changed. Requests
 * read it without locks; the sorted orders and the search index are computed once per rebuild.
 *
 * <p>Songs have an ordinal: their position in title order. {@code ranks} gives, per order, each
 * ordinal's position in that order, so a search's matches (found as ordinals) are put in the
 * requested order without comparing songs.
 *
 * @param unavailableReason why no data node contributes, or null while some do
 */
record CatalogSnapshot(Map<String, CatalogSong> byId, Map<SongSort, List<CatalogSong>> sorted,
                       Map<SongSort, int[]> ranks, TrigramIndex index, Library library,
                       List<Member> liveNodes, String unavailableReason) {

    static CatalogSnapshot of(Collection<CatalogSong> unplaced, List<Member> liveNodes, String unavailableReason) {
        List<CatalogSong> given = new ArrayList<>(unplaced);
        List<Placement> placements = AlbumGrouping.place(given);
        List<CatalogSong> songs = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            songs.add(given.get(i).placed(placements.get(i)));
        }
        Map<String, CatalogSong> byId = new HashMap<>(Math.max(16, songs.size() * 2));
        songs.forEach(s -> byId.put(s.song().id(), s));
        List<CatalogSong> byTitle = new ArrayList<>(songs);
        byTitle.sort(SongSort.TITLE.order());
        Map<CatalogSong, Integer> ordinals = new java.util.IdentityHashMap<>(byTitle.size() * 2);
        for (int i = 0; i < byTitle.size(); i++) {
            ordinals.put(byTitle.get(i), i);
        }
        Map<SongSort, List<CatalogSong>> sorted = new EnumMap<>(SongSort.class);
        Map<SongSort, int[]> ranks = new EnumMap<>(SongSort.class);
        for (SongSort sort : SongSort.values()) {
            List<CatalogSong> list = new ArrayList<>(byTitle);
            if (sort != SongSort.TITLE) {
                list.sort(sort.order());
            }
            int[] rank = new int[list.size()];
            for (int position = 0; position < list.size(); position++) {
                rank[ordinals.get(list.get(position))] = position;
            }
            sorted.put(sort, List.copyOf(list));
            ranks.put(sort, rank);
        }
        return new CatalogSnapshot(Map.copyOf(byId), sorted, ranks, TrigramIndex.of(byTitle), Library.of(songs),
                List.copyOf(liveNodes), unavailableReason);
    }

    boolean available() {
        return !liveNodes.isEmpty();
    }

    Optional<CatalogSong> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    SongPage page(String query, SongSort sort, int page, int size) {
        List<CatalogSong> ordered = sorted.get(sort);
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        long from = (long) page * size;
        if (needle.isEmpty()) {
            int start = (int) Math.min(from, ordered.size());
            int end = (int) Math.min(from + size, ordered.size());
            return new SongPage(ordered.subList(start, end).stream().map(SongResponse::of).toList(),
                    page, size, ordered.size());
        }
        int[] matches = matches(needle);
        return new SongPage(inOrder(matches, sort, from, size), page, size, matches.length);
    }

    /** Ordinals of the songs that contain {@code needle}. */
    private int[] matches(String needle) {
        if (needle.indexOf(TrigramIndex.SEPARATOR) >= 0) {
            // The index keeps keys apart with this character; a search holding it is checked song by song.
            List<CatalogSong> byTitle = sorted.get(SongSort.TITLE);
            return java.util.stream.IntStream.range(0, byTitle.size())
                    .filter(ordinal -> byTitle.get(ordinal).matches(needle)).toArray();
        }
        return index.matches(needle);
    }

    /** Items {@code from .. from+size} of the matches in {@code sort} order. */
    private List<SongResponse> inOrder(int[] matches, SongSort sort, long from, int size) {
        List<CatalogSong> ordered = sorted.get(sort);
        int[] rank = ranks.get(sort);
        List<SongResponse> items = new ArrayList<>(Math.min(size, 64));
        if (from >= matches.length) {
            return items;
        }
        int end = (int) Math.min(from + size, matches.length);
        if (matches.length <= ordered.size() / 16) {
            // Few matches: sort their positions.
            int[] positions = new int[matches.length];
            for (int i = 0; i < matches.length; i++) {
                positions[i] = rank[matches[i]];
            }
            Arrays.sort(positions);
            for (int i = (int) from; i < end; i++) {
                items.add(SongResponse.of(ordered.get(positions[i])));
            }
            return items;
        }
        // Many matches: walk the order once, cheaper than sorting them.
        BitSet matched = new BitSet(ordered.size());
        for (int ordinal : matches) {
            matched.set(rank[ordinal]);
        }
        int seen = 0;
        for (int position = matched.nextSetBit(0); position >= 0 && seen < end; position = matched.nextSetBit(position + 1)) {
            if (seen++ >= from) {
                items.add(SongResponse.of(ordered.get(position)));
            }
        }
        return items;
    }
}
