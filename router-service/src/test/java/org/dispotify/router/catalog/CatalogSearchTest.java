package org.dispotify.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.nodes.Song;
import org.junit.jupiter.api.Test;

/**
 * The snapshot's indexed search against the obvious reference: filter every song with a plain
 * case-insensitive substring match over title, artist, album and genre, sort, then page. Random
 * catalogs and searches (seeded), so the trigram index, its hashed buckets and both ways of ordering
 * matches are all exercised.
 */
class CatalogSearchTest {

    private static final Member NODE = new Member("node-1", "127.0.0.1", 9, 10);
    private static final String LETTERS = "abcdeéfgh ÄÖxyz-%_.*\u0000";

    @Test
    void indexedSearchFindsExactlyWhatAPlainScanFinds_inEveryOrderAndPage() {
        Random random = new Random(4);
        for (int round = 0; round < 5; round++) {
            List<CatalogSong> songs = catalog(random, 300 + random.nextInt(3_000));
            CatalogSnapshot snapshot = CatalogSnapshot.of(songs, List.of(NODE), null);
            for (int search = 0; search < 150; search++) {
                String q = search % 3 == 0 ? randomText(random, 1 + random.nextInt(6))
                        : fragmentOf(random, songs.get(random.nextInt(songs.size())));
                SongSort sort = SongSort.values()[random.nextInt(SongSort.values().length)];
                int size = 1 + random.nextInt(60);
                List<CatalogSong> expected = songs.stream()
                        .filter(s -> s.matches(q.strip().toLowerCase(Locale.ROOT)))
                        .sorted(sort.order())
                        .toList();
                int pages = expected.size() / size + 2;
                int page = random.nextInt(pages);

                SongPage answer = snapshot.page(q, sort, page, size);

                List<String> expectedIds = expected.stream().skip((long) page * size).limit(size)
                        .map(s -> s.song().id()).toList();
                assertThat(answer.items()).extracting(SongResponse::id)
                        .as("q=%s sort=%s page=%d size=%d", q, sort, page, size)
                        .containsExactlyElementsOf(expectedIds);
                assertThat(answer.total()).as("total for q=%s", q).isEqualTo(expected.size());
            }
        }
    }

    @Test
    void aSearchFindsTextInsideAnyField_butNotAcrossTwoFields() {
        List<CatalogSong> songs = List.of(
                song("1", "Blue Train", "John Coltrane", "Blue Train", "Jazz"),
                song("2", "So What", "Miles Davis", "Kind of Blue", "Jazz"),
                song("3", "Trainwreck", "Nobody", "Wrecks", "Rock"));
        CatalogSnapshot snapshot = CatalogSnapshot.of(songs, List.of(NODE), null);

        assertThat(ids(snapshot.page("TRAIN", SongSort.TITLE, 0, 10))).containsExactly("1", "3");
        assertThat(ids(snapshot.page("kind of", SongSort.TITLE, 0, 10))).containsExactly("2");
        assertThat(ids(snapshot.page("jaz", SongSort.ARTIST, 0, 10))).containsExactly("1", "2");
        // "trane" + "blue" would only match if fields were run together.
        assertThat(ids(snapshot.page("coltraneblue", SongSort.TITLE, 0, 10))).isEmpty();
        assertThat(ids(snapshot.page("zzz", SongSort.TITLE, 0, 10))).isEmpty();
    }

    private static List<String> ids(SongPage page) {
        return page.items().stream().map(SongResponse::id).toList();
    }

    private static List<CatalogSong> catalog(Random random, int count) {
        List<String> artists = new ArrayList<>();
        for (int i = 0; i < 1 + count / 20; i++) {
            artists.add(randomText(random, 3 + random.nextInt(10)));
        }
        List<CatalogSong> songs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String title = random.nextInt(50) == 0 ? null : randomText(random, random.nextInt(25));
            String artist = artists.get(random.nextInt(artists.size()));
            songs.add(song(Integer.toHexString(i), title, artist, random.nextBoolean() ? randomText(random, 8) : artist,
                    random.nextBoolean() ? "Rock" : "Jazz Fusion"));
        }
        return songs;
    }

    private static CatalogSong song(String id, String title, String artist, String album, String genre) {
        Song song = new Song(id, title, artist, album, genre, 2000, 1, 1000L, "mp3", "audio/mpeg", 128000, 100L, 1);
        return CatalogSong.of(song, List.of(NODE), Long.parseLong(id, 16));
    }

    private static String fragmentOf(Random random, CatalogSong song) {
        String field = song.keys().get(random.nextInt(4));
        if (field.isEmpty()) {
            return "x";
        }
        int from = random.nextInt(field.length());
        String fragment = field.substring(from, Math.min(field.length(), from + 1 + random.nextInt(6)));
        return random.nextBoolean() ? fragment.toUpperCase(Locale.ROOT) : fragment;
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }
}
