package org.dispotify.router.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.dispotify.router.nodes.Song;

/**
 * Artists, albums and genres of one catalog snapshot, built with it (so as fresh as the songs) from the
 * placed songs, with every list answer computed once and every order sorted once: a page is a slice
 * of a ready list, an album or artist page one map lookup.
 */
final class Library {

    /** Album order: disc (none counts as 1), track (none after the numbered), title, id. */
    static final Comparator<CatalogSong> ALBUM_ORDER = Comparator.comparingInt(CatalogSong::discKey)
            .thenComparingInt(CatalogSong::trackKey)
            .thenComparing(CatalogSong::titleKey)
            .thenComparing(s -> s.song().id());

    private final Map<String, LibraryAlbum> albums;
    private final Map<AlbumSort, List<LibraryAlbum>> sortedAlbums;
    private final Map<String, LibraryArtist> artists;
    private final List<LibraryArtist> sortedArtists;
    private final List<GenreSummary> genres;

    private Library(Map<String, LibraryAlbum> albums, Map<AlbumSort, List<LibraryAlbum>> sortedAlbums,
                    Map<String, LibraryArtist> artists, List<LibraryArtist> sortedArtists, List<GenreSummary> genres) {
        this.albums = albums;
        this.sortedAlbums = sortedAlbums;
        this.artists = artists;
        this.sortedArtists = sortedArtists;
        this.genres = genres;
    }

    /** @param songs every song of the snapshot, placed */
    static Library of(List<CatalogSong> songs) {
        Map<String, List<CatalogSong>> byAlbum = new LinkedHashMap<>();
        for (CatalogSong song : songs) {
            byAlbum.computeIfAbsent(song.placement().albumId(), id -> new ArrayList<>()).add(song);
        }
        Map<String, LibraryAlbum> albums = new HashMap<>(byAlbum.size() * 2);
        Map<String, String> normalised = new HashMap<>();
        byAlbum.forEach((id, members) -> albums.put(id, album(id, members, normalised)));

        Map<AlbumSort, List<LibraryAlbum>> sorted = new EnumMap<>(AlbumSort.class);
        for (AlbumSort sort : AlbumSort.values()) {
            List<LibraryAlbum> list = new ArrayList<>(albums.values());
            list.sort(sort.order());
            sorted.put(sort, List.copyOf(list));
        }
        Map<String, LibraryArtist> artists = artists(songs, albums, sorted.get(AlbumSort.YEAR));
        List<LibraryArtist> sortedArtists = new ArrayList<>(artists.values());
        sortedArtists.sort(Comparator.comparing(LibraryArtist::nameKey).thenComparing(a -> a.summary().id()));
        return new Library(Map.copyOf(albums), sorted, Map.copyOf(artists), List.copyOf(sortedArtists),
                genres(songs, albums.values()));
    }

    LibraryPages.Albums albums(AlbumSort sort, boolean descending, String query, String genre, int page, int size) {
        List<LibraryAlbum> ordered = sortedAlbums.get(sort);
        String needle = LibraryNames.normalise(query);
        String genreKey = genre == null || genre.isBlank() ? null : LibraryNames.normalise(genre);
        Predicate<LibraryAlbum> wanted = album -> (needle.isEmpty() || album.nameKey().contains(needle)
                || album.artistKey().contains(needle)) && (genreKey == null || album.genreKey().equals(genreKey));
        boolean everything = needle.isEmpty() && genreKey == null;
        long from = (long) page * size;
        List<AlbumSummary> items = new ArrayList<>(Math.min(size, 64));
        long total = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (everything && total == 0) {
                // No filter: the page is a slice; nothing to count.
                total = ordered.size();
                for (long k = from; k < Math.min(ordered.size(), from + size); k++) {
                    items.add(ordered.get(index(ordered.size(), (int) k, descending)).summary());
                }
                break;
            }
            LibraryAlbum album = ordered.get(index(ordered.size(), i, descending));
            if (wanted.test(album)) {
                if (total >= from && items.size() < size) {
                    items.add(album.summary());
                }
                total++;
            }
        }
        return new LibraryPages.Albums(items, page, size, total);
    }

    LibraryPages.Artists artists(String query, int page, int size) {
        String needle = LibraryNames.normalise(query);
        long from = (long) page * size;
        List<ArtistSummary> items = new ArrayList<>(Math.min(size, 64));
        if (needle.isEmpty()) {
            for (long k = from; k < Math.min(sortedArtists.size(), from + size); k++) {
                items.add(sortedArtists.get((int) k).summary());
            }
            return new LibraryPages.Artists(items, page, size, sortedArtists.size());
        }
        long total = 0;
        for (LibraryArtist artist : sortedArtists) {
            if (artist.nameKey().contains(needle)) {
                if (total >= from && items.size() < size) {
                    items.add(artist.summary());
                }
                total++;
            }
        }
        return new LibraryPages.Artists(items, page, size, total);
    }

    Optional<ArtistDetail> artist(String id) {
        return Optional.ofNullable(artists.get(id)).map(a -> new ArtistDetail(a.summary().id(), a.summary().name(),
                a.summary().albumCount(), a.summary().songCount(), a.albums()));
    }

    Optional<LibraryAlbum> album(String id) {
        return Optional.ofNullable(albums.get(id));
    }

    List<GenreSummary> genres() {
        return genres;
    }

    private static int index(int size, int i, boolean descending) {
        return descending ? size - 1 - i : i;
    }

    private static LibraryAlbum album(String id, List<CatalogSong> songs, Map<String, String> normalised) {
        songs.sort(ALBUM_ORDER);
        CatalogSong first = songs.get(0);
        Placement at = first.placement();
        Integer year = null;
        long duration = 0;
        long newest = Long.MIN_VALUE;
        CatalogSong cover = null;
        Set<String> trackArtists = new LinkedHashSet<>();
        Map<String, Integer> genreCounts = new LinkedHashMap<>();
        Map<String, String> genreNames = new HashMap<>();
        for (CatalogSong song : songs) {
            Song s = song.song();
            if (s.year() != null && (year == null || s.year() > year)) {
                year = s.year();
            }
            duration += s.durationMs() == null ? 0 : s.durationMs();
            newest = Math.max(newest, song.firstSeen());
            if (cover == null && s.covered()) {
                cover = song;
            }
            trackArtists.add(song.placement().artistId());
            if (s.genre() != null && !s.genre().isBlank()) {
                String key = normalised.computeIfAbsent(s.genre(), LibraryNames::normalise);
                genreCounts.merge(key, 1, Integer::sum);
                genreNames.putIfAbsent(key, s.genre());
            }
        }
        String genreKey = genreCounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("");
        boolean compilation = LibraryNames.normalise(at.albumArtist()).equals(LibraryNames.normalise(LibraryNames.VARIOUS_ARTISTS))
                && trackArtists.size() > 1;
        String name = first.song().album() == null || first.song().album().isBlank() ? LibraryNames.UNKNOWN_ALBUM
                : first.song().album();
        AlbumSummary summary = new AlbumSummary(id, name, at.albumArtist(), at.albumArtistId(), year,
                genreNames.get(genreKey), songs.size(), duration, cover != null, compilation);
        return new LibraryAlbum(summary, List.copyOf(songs), cover, newest, LibraryNames.normalise(name),
                LibraryNames.normalise(at.albumArtist()), genreKey);
    }

    private static Map<String, LibraryArtist> artists(List<CatalogSong> songs, Map<String, LibraryAlbum> albums,
                                                      List<LibraryAlbum> albumsByYear) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Integer> songCounts = new HashMap<>();
        Map<String, Set<String>> own = new HashMap<>();
        Map<String, Set<String>> appearsOn = new HashMap<>();
        for (CatalogSong song : songs) {
            Placement at = song.placement();
            String artist = song.song().artist() == null || song.song().artist().isBlank() ? LibraryNames.UNKNOWN_ARTIST
                    : song.song().artist();
            names.putIfAbsent(at.artistId(), artist);
            names.putIfAbsent(at.albumArtistId(), at.albumArtist());
            songCounts.merge(at.artistId(), 1, Integer::sum);
            if (!at.albumArtistId().equals(at.artistId())) {
                songCounts.merge(at.albumArtistId(), 1, Integer::sum);
                appearsOn.computeIfAbsent(at.artistId(), id -> new LinkedHashSet<>()).add(at.albumId());
            }
            own.computeIfAbsent(at.albumArtistId(), id -> new LinkedHashSet<>()).add(at.albumId());
        }
        Map<String, Integer> rank = new HashMap<>(albumsByYear.size() * 2);
        for (int i = 0; i < albumsByYear.size(); i++) {
            rank.put(albumsByYear.get(i).summary().id(), i);
        }
        Map<String, LibraryArtist> artists = new HashMap<>(names.size() * 2);
        names.forEach((id, name) -> {
            List<AlbumSummary> list = new ArrayList<>();
            Set<String> mine = own.getOrDefault(id, Set.of());
            addInOrder(list, mine, albums, rank);
            Set<String> others = new LinkedHashSet<>(appearsOn.getOrDefault(id, Set.of()));
            others.removeAll(mine);
            addInOrder(list, others, albums, rank);
            artists.put(id, new LibraryArtist(new ArtistSummary(id, name, list.size(), songCounts.getOrDefault(id, 0)),
                    List.copyOf(list), LibraryNames.normalise(name)));
        });
        return artists;
    }

    private static void addInOrder(List<AlbumSummary> into, Set<String> ids, Map<String, LibraryAlbum> albums,
                                   Map<String, Integer> rank) {
        ids.stream().sorted(Comparator.comparingInt(rank::get)).forEach(id -> into.add(albums.get(id).summary()));
    }

    private static List<GenreSummary> genres(List<CatalogSong> songs, java.util.Collection<LibraryAlbum> albums) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> normalised = new HashMap<>();
        Map<String, Integer> songCounts = new HashMap<>();
        Map<String, Integer> albumCounts = new HashMap<>();
        for (CatalogSong song : songs) {
            String genre = song.song().genre();
            if (genre != null && !genre.isBlank()) {
                String key = normalised.computeIfAbsent(genre, LibraryNames::normalise);
                names.putIfAbsent(key, genre);
                songCounts.merge(key, 1, Integer::sum);
            }
        }
        for (LibraryAlbum album : albums) {
            if (!album.genreKey().isEmpty()) {
                albumCounts.merge(album.genreKey(), 1, Integer::sum);
            }
        }
        return names.keySet().stream().sorted()
                .map(key -> new GenreSummary(names.get(key), songCounts.get(key), albumCounts.getOrDefault(key, 0)))
                .toList();
    }
}
