package org.dispotify.router.player;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.TestImages;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library views in a real browser against the router: the album grid with the router's scaled
 * covers (and a placeholder where there is none), sorted and filtered by genre; an album's page in disc
 * and track order that plays the album; an artist's page with their albums; the artists list; and a
 * search that finds artists and albums besides songs.
 */
@SuppressWarnings("unchecked")
class LibraryViewsBrowserTest extends BrowserTestSupport {

    private static final int KIND_OF_BLUE_SEED = 200;
    private static final int SKETCHES_SEED = 20;

    // Kind of Blue (1959, Jazz): two discs, held out of order. Sketches of Spain (1960, Jazz). Mezzanine (1998, Trip hop): no cover.
    private static final FakeSong SO_WHAT = song("So What", "Miles Davis", "Kind of Blue", "Jazz", 1959, 1, 300);
    private static final FakeSong FREDDIE = song("Freddie Freeloader", "Miles Davis", "Kind of Blue", "Jazz", 1959, 2, 320);
    private static final FakeSong BLUE_IN_GREEN = song("Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 1959, 3, 340);
    private static final FakeSong FLAMENCO = song("Flamenco Sketches", "Miles Davis", "Kind of Blue", "Jazz", 1959, 1, 360);
    private static final FakeSong CONCIERTO = song("Concierto de Aranjuez", "Miles Davis", "Sketches of Spain", "Jazz", 1960, 1, 380);
    private static final FakeSong TEARDROP = song("Teardrop", "Massive Attack", "Mezzanine", "Trip hop", 1998, 1, 400);

    @BeforeEach
    void library() {
        cluster.a.hold(BLUE_IN_GREEN, FLAMENCO, SO_WHAT, TEARDROP, FREDDIE, CONCIERTO)
                .tag(FLAMENCO.id(), "disc", 2).tag(SO_WHAT.id(), "disc", 1).tag(FREDDIE.id(), "disc", 1).tag(BLUE_IN_GREEN.id(), "disc", 1)
                .cover(SO_WHAT.id(), "image/jpeg", TestImages.jpeg(600, 600, KIND_OF_BLUE_SEED))
                .cover(CONCIERTO.id(), "image/jpeg", TestImages.jpeg(600, 600, SKETCHES_SEED));
        cluster.listData(cluster.a);
    }

    @Test
    void theAlbumGridShowsTheRoutersScaledCoversAPlaceholderWithoutOneAndSortsAndFilters() {
        page.open(router() + "/#albums");
        page.waitUntil(Duration.ofSeconds(10), () -> tileNames().size() == 3);
        assertThat(tileNames()).containsExactly("Kind of Blue", "Mezzanine", "Sketches of Spain");
        page.waitUntil(Duration.ofSeconds(10), () -> loadedCovers() == 2);

        for (String album : List.of("Kind of Blue", "Sketches of Spain")) {
            Map<String, Object> img = coverOf(album);
            assertThat((String) img.get("src")).as(album)
                    .startsWith(router() + "/api/albums/").contains("/cover?size=");
            long asked = Long.parseLong(((String) img.get("src")).replaceAll(".*size=", ""));
            assertThat(asked).as("the size asked for the tile").isBetween(128L, 512L);
            assertThat(((Number) img.get("width")).longValue()).as("the router scaled it").isEqualTo(asked);
        }
        // The picture drawn is the cover's: its colour at the edge, the black disc in the middle.
        assertColour(pixel("Kind of Blue", 0.05), hue(KIND_OF_BLUE_SEED));
        assertColour(pixel("Kind of Blue", 0.5), Color.BLACK);
        assertColour(pixel("Sketches of Spain", 0.05), hue(SKETCHES_SEED));
        page.saveScreenshot("albums.png");

        Map<String, Object> none = coverOf("Mezzanine");
        assertThat(none.get("src")).as("no picture asked for an album without a cover").isNull();
        assertThat(none.get("letter")).isEqualTo("M");

        new Select(driver.findElement(By.id("album-sort"))).selectByValue("year");
        page.waitUntil(Duration.ofSeconds(5), () -> tileNames().equals(List.of("Kind of Blue", "Sketches of Spain", "Mezzanine")));
        new Select(driver.findElement(By.id("album-sort"))).selectByValue("newest");
        page.waitUntil(Duration.ofSeconds(5), () -> tileNames().size() == 3 && !tileNames().equals(List.of("Kind of Blue", "Sketches of Spain", "Mezzanine")));

        page.waitUntil(Duration.ofSeconds(5), () -> driver.findElements(By.cssSelector("#album-genre option[value='Trip hop']")).size() == 1);
        new Select(driver.findElement(By.id("album-genre"))).selectByValue("Trip hop");
        page.waitUntil(Duration.ofSeconds(5), () -> tileNames().equals(List.of("Mezzanine")));
        assertThat(driver.getCurrentUrl()).endsWith("#albums/Trip%20hop");
        driver.navigate().back();
        page.waitUntil(Duration.ofSeconds(5), () -> tileNames().size() == 3);
    }

    @Test
    void anAlbumPageListsItsSongsInDiscAndTrackOrderAndPlaysTheAlbum() {
        page.open(router() + "/#albums");
        page.waitUntil(Duration.ofSeconds(10), () -> tileNames().contains("Kind of Blue"));
        tileLink("Kind of Blue").click();

        page.waitUntil(Duration.ofSeconds(10), () -> !trackTitles().isEmpty());
        assertThat(driver.getCurrentUrl()).contains("#album/");
        assertThat(page.text("album-name")).isEqualTo("Kind of Blue");
        assertThat(trackTitles()).containsExactly("So What", "Freddie Freeloader", "Blue in Green", "Flamenco Sketches");
        assertThat((List<Object>) page.js("return [...document.querySelectorAll('#album-tracks .disc')].map(d => d.textContent)"))
                .containsExactly("Disc 1", "Disc 2");
        assertThat(driver.findElement(By.cssSelector("#view-album .album-cover img")).getAttribute("src"))
                .startsWith(router() + "/api/albums/");
        assertThat(driver.findElement(By.id("tab-albums")).getAttribute("aria-selected")).isEqualTo("true");

        page.click("album-play");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.2);
        assertThat(page.queue()).containsExactly("So What", "Freddie Freeloader", "Blue in Green", "Flamenco Sketches");
        assertThat(page.text("now-title")).isEqualTo("So What");
        page.saveScreenshot("album.png");
        page.waitUntil(Duration.ofSeconds(5), () -> !driver.findElements(By.cssSelector("#album-tracks .track.playing")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#album-tracks .track.playing .title")).getText()).isEqualTo("So What");
        // The now-playing cover is the song's own, from the router.
        page.waitUntil(Duration.ofSeconds(5), () -> driver.findElements(By.cssSelector("#now-cover.loaded img")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#now-cover img")).getAttribute("src"))
                .startsWith(router() + "/api/songs/" + SO_WHAT.id() + "/cover?size=");
        // And the OS media controls show it too, in the sizes they pick from.
        assertThat((List<Object>) page.js("return navigator.mediaSession.metadata.artwork.map(a => a.src + ' ' + a.sizes)"))
                .containsExactly(router() + "/api/songs/" + SO_WHAT.id() + "/cover?size=96 96x96",
                        router() + "/api/songs/" + SO_WHAT.id() + "/cover?size=256 256x256",
                        router() + "/api/songs/" + SO_WHAT.id() + "/cover?size=512 512x512");
        assertThat(page.js("return navigator.mediaSession.metadata.album")).isEqualTo("Kind of Blue");

        // A track of its own, by keyboard: focus its button and press Enter.
        WebElement third = driver.findElement(By.cssSelector("#album-tracks .track[data-index='2'] .track-main"));
        third.sendKeys(org.openqa.selenium.Keys.ENTER);
        page.waitUntil(Duration.ofSeconds(10), () -> "Blue in Green".equals(page.song()));

        page.click("album-enqueue");
        page.waitUntil(Duration.ofSeconds(5), () -> page.queue().size() == 8);
        assertThat(page.queue().subList(4, 8)).containsExactly("So What", "Freddie Freeloader", "Blue in Green", "Flamenco Sketches");
    }

    @Test
    void anArtistPageShowsTheirAlbumsAndTheArtistsListFilters() {
        page.open(router() + "/#albums");
        page.waitUntil(Duration.ofSeconds(10), () -> tileNames().contains("Kind of Blue"));
        driver.findElement(By.xpath("//div[@id='album-grid']//div[contains(@class,'tile')][.//a[@class='tile-name' and text()='Kind of Blue']]"
                + "//div[@class='tile-sub']/a")).click();

        page.waitUntil(Duration.ofSeconds(10), () -> "Miles Davis".equals(page.js("const h = document.getElementById('artist-name'); return h && h.textContent")));
        assertThat(driver.getCurrentUrl()).contains("#artist/");
        assertThat((List<Object>) page.js("return [...document.querySelectorAll('#artist-albums .tile-name')].map(a => a.textContent)"))
                .containsExactly("Kind of Blue", "Sketches of Spain");
        assertThat(page.text("view-artist")).contains("2 albums").contains("5 songs");
        page.waitUntil(Duration.ofSeconds(10), () -> ((Number) page.js(
                "return document.querySelectorAll('#artist-albums .cover.loaded img').length")).intValue() == 2);
        page.saveScreenshot("artist.png");

        // Playing an album from its tile plays it in track order.
        page.js("document.querySelector('#artist-albums .tile[data-id] .tile-play').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> page.queue().size() == 4);
        assertThat(page.queue()).containsExactly("So What", "Freddie Freeloader", "Blue in Green", "Flamenco Sketches");

        page.click("tab-artists");
        page.waitUntil(Duration.ofSeconds(10), () -> artistNames().equals(List.of("Massive Attack", "Miles Davis")));
        driver.findElement(By.id("artist-filter")).sendKeys("massive");
        page.waitUntil(Duration.ofSeconds(5), () -> artistNames().equals(List.of("Massive Attack")));
        driver.findElement(By.cssSelector("#artist-list .artist-row")).click();
        page.waitUntil(Duration.ofSeconds(10), () -> "Massive Attack".equals(page.js("const h = document.getElementById('artist-name'); return h && h.textContent")));
        assertThat((List<Object>) page.js("return [...document.querySelectorAll('#artist-albums .tile-name')].map(a => a.textContent)"))
                .containsExactly("Mezzanine");
    }

    @Test
    void aSearchFindsArtistsAndAlbumsBesidesSongsAndGenresLeadToTheirAlbums() {
        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.songRows() == 6);
        page.search("sketches");
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Concierto de Aranjuez", "Flamenco Sketches")));
        page.waitUntil(Duration.ofSeconds(5), () -> chips("match-albums").equals(List.of("Sketches of SpainMiles Davis")));
        assertThat(driver.findElement(By.id("match-artists-box")).isDisplayed()).isFalse();

        page.search("miles");
        page.waitUntil(Duration.ofSeconds(5), () -> chips("match-artists").equals(List.of("Miles Davis")));
        assertThat(chips("match-albums")).hasSize(2);
        driver.findElement(By.cssSelector("#match-artists .chip")).click();
        page.waitUntil(Duration.ofSeconds(10), () -> "Miles Davis".equals(page.js("const h = document.getElementById('artist-name'); return h && h.textContent")));

        page.click("tab-genres");
        page.waitUntil(Duration.ofSeconds(5), () -> driver.findElements(By.cssSelector("#genre-list .genre")).size() == 2);
        driver.findElement(By.xpath("//ul[@id='genre-list']//a[.//span[text()='Jazz']]")).click();
        page.waitUntil(Duration.ofSeconds(10), () -> tileNames().equals(List.of("Kind of Blue", "Sketches of Spain")));
        assertThat(new Select(driver.findElement(By.id("album-genre"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("Jazz");
    }

    @Test
    void onAPhoneTheAlbumGridHasTwoColumnsAndTheAlbumPageFitsTheScreen() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 3, "mobile", true));
        page.open(router() + "/#albums");
        page.waitUntil(Duration.ofSeconds(10), () -> tileNames().size() == 3);
        page.waitUntil(Duration.ofSeconds(10), () -> loadedCovers() == 2);
        assertThat(page.number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
        // Two tiles side by side, the third below them.
        assertThat((List<Object>) page.js("return [...document.querySelectorAll('#album-grid .tile[data-id]')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index).map(t => Math.round(t.getBoundingClientRect().top))"))
                .satisfies(tops -> {
                    assertThat(tops.get(0)).isEqualTo(tops.get(1));
                    assertThat(((Number) tops.get(2)).longValue()).isGreaterThan(((Number) tops.get(0)).longValue());
                });
        // A sharp picture on a 3x screen: the size asked is about three times the tile's.
        long asked = Long.parseLong(((String) coverOf("Kind of Blue").get("src")).replaceAll(".*size=", ""));
        assertThat(asked).isGreaterThanOrEqualTo(384L);
        page.saveScreenshot("albums-phone.png");

        tileLink("Kind of Blue").click();
        page.waitUntil(Duration.ofSeconds(10), () -> trackTitles().size() == 4);
        assertThat(page.number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
        assertThat(page.number("return document.getElementById('view-album').scrollWidth")).isLessThanOrEqualTo(390);
        page.saveScreenshot("album-phone.png");
    }

    private static FakeSong song(String title, String artist, String album, String genre, int year, int track, int hz) {
        byte[] audio = Wav.tone(2, 8_000, hz, hz + 20);
        return new FakeSong(FakeSong.sha256(audio), title, artist, album, genre, year, track, audio, "audio/wav", true);
    }

    @SuppressWarnings("unchecked")
    private List<String> tileNames() {
        return (List<String>) page.js("return [...document.querySelectorAll('#album-grid .tile[data-id]')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index).map(t => t.querySelector('.tile-name').textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<String> trackTitles() {
        return (List<String>) page.js("return [...document.querySelectorAll('#album-tracks .track .title')].map(t => t.textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<String> artistNames() {
        return (List<String>) page.js("return [...document.querySelectorAll('#artist-list .artist-row[data-id]')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index).map(r => r.querySelector('.title').textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<String> chips(String id) {
        return (List<String>) page.js("return [...document.querySelectorAll('#' + arguments[0] + ' .chip')].map(c => c.textContent)", id);
    }

    private long loadedCovers() {
        return ((Number) page.js("return [...document.querySelectorAll('#album-grid .cover.loaded img')].filter(i => i.naturalWidth > 0).length")).longValue();
    }

    private WebElement tileLink(String album) {
        return driver.findElement(By.xpath("//div[@id='album-grid']//a[@class='tile-name' and text()='" + album + "']"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> coverOf(String album) {
        return (Map<String, Object>) page.js("const tile = [...document.querySelectorAll('#album-grid .tile[data-id]')]"
                + ".find(t => t.querySelector('.tile-name').textContent === arguments[0]);"
                + " const cover = tile.querySelector('.cover'); const img = cover.querySelector('img');"
                + " return {src: img ? img.src : null, width: img ? img.naturalWidth : 0, letter: cover.dataset.letter}", album);
    }

    /** The RGB of the tile's picture at (f, f) of its size, read back through a canvas. */
    @SuppressWarnings("unchecked")
    private Color pixel(String album, double f) {
        List<Number> rgb = (List<Number>) page.js("const tile = [...document.querySelectorAll('#album-grid .tile[data-id]')]"
                + ".find(t => t.querySelector('.tile-name').textContent === arguments[0]);"
                + " const img = tile.querySelector('.cover img'); const c = document.createElement('canvas');"
                + " c.width = img.naturalWidth; c.height = img.naturalHeight; const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                + " const d = g.getImageData(Math.floor(c.width * arguments[1]), Math.floor(c.height * arguments[1]), 1, 1).data;"
                + " return [d[0], d[1], d[2]]", album, f);
        return new Color(rgb.get(0).intValue(), rgb.get(1).intValue(), rgb.get(2).intValue());
    }

    private static Color hue(int seed) {
        return new Color(Color.HSBtoRGB((seed % 360) / 360f, 0.6f, 0.9f));
    }

    private static void assertColour(Color actual, Color expected) {
        assertThat(Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue()))
                .as("colour %s close to %s", actual, expected).isLessThan(48);
    }
}
