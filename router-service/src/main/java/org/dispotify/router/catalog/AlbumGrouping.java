package org.dispotify.router.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dispotify.router.nodes.Song;

/**
 * Decides each song's album artist, and so its album, over the whole catalog (the songs of one album
 * are spread over many data nodes, so no data node can):
 * <ol>
 * <li>the album-artist tag (TPE2, ALBUMARTIST) when the file has one; a file flagged as part of a
 *     compilation without one arrives as "Various Artists" (data role);</li>
 * <li>else, songs that share an album name (normalised) but not a track artist, and whose disc/track
 *     numbers do not collide, are one compilation: album artist "Various Artists" (Navidrome groups such
 *     files by folder; here the catalog has no folders, and two different artists' "Greatest Hits" both
 *     have a track 1, so they stay apart);</li>
 * <li>else the song's own artist.</li>
 * </ol>
 * Songs without an album tag (the data role's "Unknown album") are never a compilation: each artist's
 * untagged songs form that artist's "Unknown album". Ids are memoised per build: many songs share one.
 */
final class AlbumGrouping {

    private final Map<String, String> artistIds = new HashMap<>();
    /** Names repeat across thousands of songs: normalise each spelling once per build. */
    private final Map<String, String> normalised = new HashMap<>();
    private final Map<String, Placement> placements = new HashMap<>();

    private AlbumGrouping() {
    }

    /** One placement per song, in the order of {@code songs}. */
    static List<Placement> place(List<CatalogSong> songs) {
        return new AlbumGrouping().placeAll(songs);
    }

    private List<Placement> placeAll(List<CatalogSong> songs) {
        Set<String> compilations = compilations(songs, this::normalise);
        List<Placement> result = new ArrayList<>(songs.size());
        for (CatalogSong catalogSong : songs) {
            Song song = catalogSong.song();
            String artist = orUnknown(song.artist(), LibraryNames.UNKNOWN_ARTIST);
            String album = orUnknown(song.album(), LibraryNames.UNKNOWN_ALBUM);
            String albumArtist;
            if (hasText(song.albumArtist())) {
                albumArtist = song.albumArtist();
            } else if (compilations.contains(normalise(album))) {
                albumArtist = LibraryNames.VARIOUS_ARTISTS;
            } else {
                albumArtist = artist;
            }
            String key = normalise(albumArtist) + "\u0000" + normalise(album) + "\u0000" + normalise(artist);
            String shownAlbumArtist = albumArtist;
            result.add(placements.computeIfAbsent(key, k -> new Placement(shownAlbumArtist, artistId(artist),
                    LibraryNames.albumId(shownAlbumArtist, album), artistId(shownAlbumArtist))));
        }
        return result;
    }

    /** Normalised album names of the untagged (no album artist) songs that form a compilation. */
    private static Set<String> compilations(List<CatalogSong> songs, java.util.function.UnaryOperator<String> normalise) {
        Map<String, Group> groups = new HashMap<>();
        for (CatalogSong catalogSong : songs) {
            Song song = catalogSong.song();
            if (hasText(song.albumArtist()) || LibraryNames.isUnknownAlbum(song.album())) {
                continue;
            }
            groups.computeIfAbsent(normalise.apply(song.album()), k -> new Group())
                    .add(normalise.apply(orUnknown(song.artist(), LibraryNames.UNKNOWN_ARTIST)), song.disc(), song.track());
        }
        Set<String> result = new HashSet<>();
        groups.forEach((album, group) -> {
            if (group.artists.size() > 1 && !group.collides) {
                result.add(album);
            }
        });
        return result;
    }

    private String artistId(String name) {
        return artistIds.computeIfAbsent(normalise(name), k -> LibraryNames.artistId(name));
    }

    private String normalise(String name) {
        return name == null ? "" : normalised.computeIfAbsent(name, LibraryNames::normalise);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static String orUnknown(String value, String unknown) {
        return hasText(value) ? value : unknown;
    }

    /** The track artists of one album name, and whether two of its songs claim the same disc and track. */
    private static final class Group {
        final Set<String> artists = new HashSet<>(4);
        final Set<Long> positions = new HashSet<>();
        boolean collides;

        void add(String artist, Integer disc, Integer track) {
            artists.add(artist);
            if (track != null && !positions.add(((long) (disc == null ? 1 : disc) << 32) | track)) {
                collides = true;
            }
        }
    }
}
