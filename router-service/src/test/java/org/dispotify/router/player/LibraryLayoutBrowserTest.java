package org.dispotify.router.player;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.dispotify.ring.roles.Role;
import org.dispotify.router.RouterTestApplication;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeNameService;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The library's list at scale and on a small screen: 100,000 songs scroll end to end with a bounded
 * number of rows in the DOM and a few page requests; on a phone-sized screen nothing overflows and
 * every control is on screen and reachable.
 */
class LibraryLayoutBrowserTest extends BrowserTestSupport {

    private static final int HUGE = 100_000;
    /** A 900 px window shows about a dozen 52 px rows; with overscan above and below, a few dozen. */
    private static final int MAX_ROWS = 40;


    /**
     * Against a router of its own, with the catalog settings a deployment has (pages of 500 from the
     * data node), fed by a name service and a data node of its own: the shared test router reads
     * data nodes in pages of 50, which would make 2,000 requests of every listing of this one.
     */
    @Test
    void aLibraryOf100000SongsScrollsEndToEndWithABoundedNumberOfRowsInTheDom() throws Exception {
        List<FakeSong> songs = IntStream.rangeClosed(1, HUGE)
                .mapToObj(n -> FakeSong.of(title(n), "Artist " + (n % 997), "Album " + (n % 9973), "Genre " + (n % 17)))
                .toList();
        try (FakeNameService names = new FakeNameService(); FakeDataNode huge = new FakeDataNode("data-huge")) {
            huge.hold(songs);
            names.group(Role.DATA.groupName(), List.of(huge.member()));
            ConfigurableApplicationContext router = new SpringApplicationBuilder(RouterTestApplication.class)
                    .properties("server.port=0", "dispotify.naming.servers=" + names.address(),
                            "dispotify.router.upload.spool-dir=" + SPOOL_DIR, "spring.main.banner-mode=off")
                    .run();
            try {
                String base = "http://127.0.0.1:" + ((WebServerApplicationContext) router).getWebServer().getPort();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> catalogTotal(base) == HUGE);
                scrollEndToEnd(base);
            } finally {
                router.close();
            }
        }
    }

    private void scrollEndToEnd(String base) {
        page.open(base + "/");
        page.js("performance.setResourceTimingBufferSize(10000)");
        page.waitUntil(Duration.ofSeconds(10), () -> "100,000 songs".equals(page.text("library-count")));
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().size() > 5);
        assertThat(page.titles()).startsWith(title(1), title(2), title(3));
        assertThat(page.songRows()).isBetween(10, MAX_ROWS);
        assertThat(page.number("return document.getElementById('song-list').getBoundingClientRect().height"))
                .as("the list is as tall as all its rows: the scrollbar is honest")
                .isEqualTo(HUGE * page.number("return parseFloat(getComputedStyle(document.getElementById('song-list')).getPropertyValue('--row-h'))"));

        long requestsBefore = songPageRequests();
        for (int index : new int[] {50_000, 73_456, HUGE - 1}) {
            long started = System.nanoTime();
            page.js("const scroller = document.getElementById('song-scroller'); const list = document.getElementById('song-list');"
                    + " scroller.scrollTop = list.offsetTop + arguments[0] * parseFloat(getComputedStyle(list).getPropertyValue('--row-h'))"
                    + " - scroller.clientHeight / 2;", index);
            page.waitUntil(Duration.ofSeconds(10), () -> title(index + 1).equals(rowTitle(index)));
            System.out.printf("100k list: row %d drawn %d ms after the scroll (%d rows in the DOM)%n", index,
                    (System.nanoTime() - started) / 1_000_000, page.songRows());
            assertThat(page.songRows()).isLessThanOrEqualTo(MAX_ROWS);
            assertThat(page.titles()).contains(title(index), title(index + 1));
        }
        assertThat(page.text("song-list")).contains(title(HUGE));
        // Each jump read the block or two in view (and a poll may have refreshed them), never the whole library.
        assertThat(songPageRequests() - requestsBefore).isLessThanOrEqualTo(3 * 2 + 2);
    }

    private static long catalogTotal(String base) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/api/songs?size=1")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(answer.body());
        return answer.statusCode() == 200 && total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    private long songPageRequests() {
        return ((Number) page.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/songs?')).length")).longValue();
    }

    @Test
    void onAPhoneSizedScreenNothingOverflowsEveryControlIsReachableAndTheQueueOpensOverTheList() {
        List<FakeSong> songs = IntStream.rangeClosed(1, 30)
                .mapToObj(n -> FakeSong.audio(title(n), "Pocket Band", Wav.tone(3, 8_000, 200 + 10 * n, 210 + 10 * n), "audio/wav"))
                .toList();
        cluster.a.hold(songs);
        cluster.listData(cluster.a);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 3, "mobile", true));

        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().size() > 5);
        assertThat(page.number("return innerWidth")).isEqualTo(390);
        assertThat(page.number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
        assertThat(page.js("return getComputedStyle(document.querySelector('#song-list .song-row .c-album')).display")).isEqualTo("none");
        for (String id : List.of("search", "play-pause", "prev", "next", "shuffle", "repeat", "download-current", "queue-toggle", "seek")) {
            assertThat(reachable(id)).as("#%s is on screen and not covered", id).isTrue();
        }
        assertThat(page.js("return getComputedStyle(document.getElementById('queue-panel')).display")).isEqualTo("none");

        page.playRow(title(3));
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.2);
        page.js("document.getElementById('queue-toggle').click()");
        assertThat(page.js("return getComputedStyle(document.getElementById('queue-panel')).display")).isEqualTo("flex");
        page.waitUntil(Duration.ofSeconds(5), () -> !page.queuePanel().isEmpty());
        assertThat(page.queuePanel().get(0)).isEqualTo(title(1));
        assertThat(reachable("queue-close")).isTrue();
        assertThat(page.number("return document.getElementById('queue-panel').getBoundingClientRect().width")).isEqualTo(390);
        page.saveScreenshot("player-phone-queue.png");
        page.js("document.getElementById('queue-close').click()");
        assertThat(page.js("return getComputedStyle(document.getElementById('queue-panel')).display")).isEqualTo("none");
        assertThat(page.number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
        page.saveScreenshot("player-phone.png");
    }

    /** In the viewport, and what a tap on its centre would hit. */
    private boolean reachable(String id) {
        return (Boolean) page.js("const e = document.getElementById(arguments[0]); const r = e.getBoundingClientRect();"
                + " if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return false;"
                + " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                + " return hit === e || e.contains(hit) || (e.tagName === 'INPUT' && hit && hit.contains(e));", id);
    }

    private String rowTitle(int index) {
        return (String) page.js("const row = document.querySelector('#song-list .song-row[data-index=\"' + arguments[0] + '\"]');"
                + " const t = row && row.querySelector('.title'); return t ? t.textContent : null", index);
    }

    private static String title(int n) {
        return String.format("Song %06d", n);
    }
}
