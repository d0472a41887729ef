package org.dispotify.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.nodes.Song;
import org.junit.jupiter.api.Test;

/** The library derived from a snapshot's songs: grouping, compilations, untagged songs, orders and pages. */
class LibraryTest {

    private static final Member NODE = new Member("node-1", "127.0.0.1", 9, 10);

    private int next;

    @Test
    void albumSongsComeInDiscThenTrackOrderAndTheAlbumSumsThem() {
        Library library = library(
                song("Outro", "Band", "Double", null, 2, 1, 2001, "Rock", 1000),
                song("Intro", "Band", "Double", null, 1, 1, 1999, "Rock", 2000),
                song("Second", "Band", "Double", null, null, 2, null, "Pop", 3000),
                song("Hidden", "Band", "Double", null, 1, null, null, "Rock", 4000));

        LibraryAlbum album = library.album(LibraryNames.albumId("Band", "Double")).orElseThrow();

        assertThat(album.songs()).extracting(s -> s.song().title()).containsExactly("Intro", "Second", "Hidden", "Outro");
        assertThat(album.summary().songCount()).isEqualTo(4);
        assertThat(album.summary().durationMs()).isEqualTo(10_000);
        assertThat(album.summary().year()).isEqualTo(2001);
        assertThat(album.summary().genre()).isEqualTo("Rock");
        assertThat(album.summary().artist()).isEqualTo("Band");
        assertThat(album.summary().artistId()).isEqualTo(LibraryNames.artistId("band"));
        assertThat(album.summary().compilation()).isFalse();
    }

    @Test
    void namesDifferingInCaseAndSpacesAreOneArtistAndOneAlbum() {
        Library library = library(song("A", "Miles Davis", "Kind of Blue", null, null, 1, 1959, "Jazz", 1),
                song("B", "  miles   DAVIS ", "KIND OF BLUE", null, null, 2, 1959, "jazz", 1));

        assertThat(library.albums(AlbumSort.NAME, false, null, null, 0, 10).total()).isEqualTo(1);
        assertThat(library.artists(null, 0, 10).items()).singleElement()
                .satisfies(artist -> assertThat(artist.songCount()).isEqualTo(2));
        assertThat(LibraryNames.artistId("Miles Davis")).isEqualTo(LibraryNames.artistId("MILES  davis")).hasSize(32);
        assertThat(library.genres()).singleElement().satisfies(genre -> assertThat(genre.songCount()).isEqualTo(2));
    }

    @Test
    void theAlbumArtistTagGroupsAnAlbumAndItsTrackArtistsAppearOnIt() {
        Library library = library(
                song("One", "Guest A", "Tribute", "Curator", null, 1, 2010, "Pop", 1),
                song("Two", "Guest B", "Tribute", "Curator", null, 2, 2010, "Pop", 1),
                song("Solo", "Guest A", "Own Album", null, null, 1, 2005, "Pop", 1));

        String tribute = LibraryNames.albumId("Curator", "Tribute");
        assertThat(library.album(tribute).orElseThrow().summary().songCount()).isEqualTo(2);
        ArtistDetail guest = library.artist(LibraryNames.artistId("Guest A")).orElseThrow();
        assertThat(guest.albums()).extracting(AlbumSummary::name).containsExactly("Own Album", "Tribute");
        assertThat(guest.songCount()).isEqualTo(2);
        ArtistDetail curator = library.artist(LibraryNames.artistId("Curator")).orElseThrow();
        assertThat(curator.albums()).extracting(AlbumSummary::id).containsExactly(tribute);
        assertThat(curator.songCount()).isEqualTo(2);
    }

    @Test
    void severalArtistsSharingAnAlbumNameWithoutCollidingTracksAreOneVariousArtistsCompilation() {
        Library library = library(
                song("Hit 1", "Alpha", "Now 42", null, null, 1, 2020, "Pop", 1),
                song("Hit 2", "Beta", "Now 42", null, null, 2, 2020, "Pop", 1),
                song("Hit 3", "Gamma", "now 42", null, null, 3, 2020, "Dance", 1),
                // Two artists' own "Greatest Hits": both have a track 1, so they stay two albums.
                song("Best A", "Alpha", "Greatest Hits", null, null, 1, 2001, "Pop", 1),
                song("Best B", "Beta", "Greatest Hits", null, null, 1, 2002, "Pop", 1));

        LibraryAlbum now = library.album(LibraryNames.albumId(LibraryNames.VARIOUS_ARTISTS, "Now 42")).orElseThrow();
        assertThat(now.summary().compilation()).isTrue();
        assertThat(now.summary().artist()).isEqualTo("Various Artists");
        assertThat(now.songs()).extracting(s -> s.song().title()).containsExactly("Hit 1", "Hit 2", "Hit 3");
        assertThat(library.album(LibraryNames.albumId("Alpha", "Greatest Hits"))).isPresent();
        assertThat(library.album(LibraryNames.albumId("Beta", "Greatest Hits"))).isPresent();
        assertThat(library.artist(LibraryNames.artistId("Alpha")).orElseThrow().albums())
                .extracting(AlbumSummary::name).containsExactly("Greatest Hits", "Now 42");
        assertThat(library.artist(LibraryNames.artistId("Various Artists")).orElseThrow().albumCount()).isEqualTo(1);
    }

    @Test
    void aCompilationFlaggedFileArrivesAsVariousArtistsAndGroupsSo() {
        Library library = library(song("X", "Solo Act", "Flagged", "Various Artists", null, 1, null, "Pop", 1),
                song("Y", "Other Act", "Flagged", "Various Artists", null, 1, null, "Pop", 1));

        assertThat(library.album(LibraryNames.albumId("Various Artists", "Flagged")).orElseThrow().summary().compilation())
                .isTrue();
    }

    @Test
    void songsWithoutTagsGoToTheirArtistsUnknownAlbumNeverACompilation() {
        Library library = library(
                song("track01", "Unknown artist", "Unknown album", null, null, null, null, "Unknown genre", 1),
                song("take 2", "Someone", "Unknown album", null, null, null, null, "Unknown genre", 1),
                song("take 3", "Someone", null, null, null, null, null, null, 1));

        assertThat(library.album(LibraryNames.albumId("Unknown artist", "Unknown album")).orElseThrow().summary().songCount())
                .isEqualTo(1);
        LibraryAlbum someone = library.album(LibraryNames.albumId("Someone", "Unknown album")).orElseThrow();
        assertThat(someone.summary().songCount()).isEqualTo(2);
        assertThat(someone.summary().compilation()).isFalse();
        assertThat(someone.summary().year()).isNull();
    }

    @Test
    void albumsSortByNameArtistYearAndNewestAndPageWithTotals() {
        Library library = library(
                song("1", "Zed", "Alpha", null, null, 1, 1990, "Rock", 1),
                song("2", "Abe", "Omega", null, null, 1, 2020, "Jazz", 1),
                song("3", "Mia", "Beta", null, null, 1, null, "Rock", 1),
                song("4", "Abe", "Delta", null, null, 1, 1980, "Jazz", 1));

        assertThat(names(library.albums(AlbumSort.NAME, false, null, null, 0, 10))).containsExactly("Alpha", "Beta", "Delta", "Omega");
        assertThat(names(library.albums(AlbumSort.ARTIST, false, null, null, 0, 10))).containsExactly("Delta", "Omega", "Beta", "Alpha");
        assertThat(names(library.albums(AlbumSort.YEAR, false, null, null, 0, 10))).containsExactly("Delta", "Alpha", "Omega", "Beta");
        assertThat(names(library.albums(AlbumSort.NEWEST, false, null, null, 0, 10))).containsExactly("Delta", "Beta", "Omega", "Alpha");
        assertThat(names(library.albums(AlbumSort.NAME, true, null, null, 0, 10))).containsExactly("Omega", "Delta", "Beta", "Alpha");
        LibraryPages.Albums second = library.albums(AlbumSort.NAME, false, null, null, 1, 3);
        assertThat(names(second)).containsExactly("Omega");
        assertThat(second.total()).isEqualTo(4);
        assertThat(names(library.albums(AlbumSort.NAME, false, "ABE", null, 0, 10))).containsExactly("Delta", "Omega");
        assertThat(names(library.albums(AlbumSort.NAME, false, null, "rock", 0, 10))).containsExactly("Alpha", "Beta");
        assertThat(library.albums(AlbumSort.NAME, false, "ta", null, 0, 1).total()).isEqualTo(2);
    }

    @Test
    void everyAlbumAndArtistIsListedExactlyOnceInEveryOrder() {
        Random random = new Random(11);
        List<CatalogSong> songs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String artist = "artist " + random.nextInt(120);
            String album = random.nextInt(40) == 0 ? null : "album " + random.nextInt(400);
            String albumArtist = random.nextInt(10) == 0 ? "curator " + random.nextInt(5) : null;
            songs.add(song("t" + i, artist, album, albumArtist, random.nextInt(5) == 0 ? 2 : null,
                    random.nextInt(8) == 0 ? null : 1 + random.nextInt(20), random.nextInt(6) == 0 ? null : 1970 + random.nextInt(50),
                    "genre " + random.nextInt(9), 1000));
        }
        Library library = library(songs.toArray(CatalogSong[]::new));

        for (AlbumSort sort : AlbumSort.values()) {
            List<AlbumSummary> all = new ArrayList<>();
            LibraryPages.Albums page;
            int p = 0;
            do {
                page = library.albums(sort, false, null, null, p++, 37);
                all.addAll(page.items());
            } while (!page.items().isEmpty());
            assertThat(all).hasSize((int) page.total());
            assertThat(new HashSet<>(all.stream().map(AlbumSummary::id).toList())).hasSize(all.size());
            assertThat(all.stream().mapToInt(AlbumSummary::songCount).sum()).as(sort.name()).isEqualTo(songs.size());
        }
        List<ArtistSummary> artists = new ArrayList<>();
        for (int p = 0; p < 100; p++) {
            artists.addAll(library.artists(null, p, 50).items());
        }
        assertThat(artists).isSortedAccordingTo(Comparator.comparing(a -> LibraryNames.normalise(a.name())));
        Set<String> ids = new HashSet<>();
        artists.forEach(a -> assertThat(ids.add(a.id())).isTrue());
        for (ArtistSummary artist : artists) {
            ArtistDetail detail = library.artist(artist.id()).orElseThrow();
            assertThat(detail.albums()).hasSize(artist.albumCount());
        }
    }

    private static List<String> names(LibraryPages.Albums page) {
        return page.items().stream().map(AlbumSummary::name).toList();
    }

    private Library library(CatalogSong... songs) {
        return CatalogSnapshot.of(List.of(songs), List.of(NODE), null).library();
    }

    private CatalogSong song(String title, String artist, String album, String albumArtist, Integer disc, Integer track,
                             Integer year, String genre, long durationMs) {
        int n = next++;
        String id = String.format("%064x", n);
        Song song = new Song(id, title, artist, album, genre, year, track, durationMs, "mp3", "audio/mpeg", 128000, 100L, 1,
                albumArtist, disc, false, null);
        return CatalogSong.of(song, List.of(NODE), n);
    }
}
