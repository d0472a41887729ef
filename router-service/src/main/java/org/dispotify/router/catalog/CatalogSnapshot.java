package org.dispotify.router.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.dispotify.ring.naming.Member;

/**
 * An immutable view of the merged catalog, rebuilt only when some node's list changed. Requests
 * read it without locks; the sorted orders are computed once per rebuild.
 *
 * @param unavailableReason why no data node contributes, or null while some do
 */
record CatalogSnapshot(Map<String, CatalogSong> byId, Map<SongSort, List<CatalogSong>> sorted,
                       List<Member> liveNodes, String unavailableReason) {

    static CatalogSnapshot of(Collection<CatalogSong> songs, List<Member> liveNodes, String unavailableReason) {
        Map<String, CatalogSong> byId = new java.util.HashMap<>(Math.max(16, songs.size() * 2));
        songs.forEach(s -> byId.put(s.song().id(), s));
        Map<SongSort, List<CatalogSong>> sorted = new EnumMap<>(SongSort.class);
        for (SongSort sort : SongSort.values()) {
            List<CatalogSong> list = new ArrayList<>(songs);
            list.sort(sort.order());
            sorted.put(sort, List.copyOf(list));
        }
        return new CatalogSnapshot(Map.copyOf(byId), sorted, List.copyOf(liveNodes), unavailableReason);
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
        long to = from + size;
        if (needle.isEmpty()) {
            int start = (int) Math.min(from, ordered.size());
            int end = (int) Math.min(to, ordered.size());
            return new SongPage(ordered.subList(start, end).stream().map(SongResponse::of).toList(),
                    page, size, ordered.size());
        }
        List<SongResponse> items = new ArrayList<>(Math.min(size, 64));
        long total = 0;
        for (CatalogSong song : ordered) {
            if (song.matches(needle)) {
                if (total >= from && total < to) {
                    items.add(SongResponse.of(song));
                }
                total++;
            }
        }
        return new SongPage(items, page, size, total);
    }
}
