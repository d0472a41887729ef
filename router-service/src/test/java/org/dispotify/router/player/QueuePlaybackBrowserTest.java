package org.dispotify.router.player;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.dispotify.router.player.PlaybackTimeline.Segment;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue in a real browser: tracks follow each other without a gap (measured on the media
 * elements' own clocks), repeat and shuffle, and the queue, its modes and the position survive a
 * reload.
 */
class QueuePlaybackBrowserTest extends BrowserTestSupport {

    private static final int RATE = 22_050;
    private static final double MAX_GAP_MS = 50;

    private PlaybackTimeline timeline;

    @BeforeEach
    void startTimeline() {
        timeline = new PlaybackTimeline(page);
    }

    @Test
    void theNextTrackStartsWithin50MsOfThePreviousOnesEndAndTheQueueStopsAfterTheLast() {
        List<FakeSong> tracks = List.of(tone("Track 1", 4, 330), tone("Track 2", 4, 440), tone("Track 3", 4, 550));
        hold(tracks);
        openLibrary("Track 1", "Track 2", "Track 3");
        timeline.start();

        page.playRow("Track 1");
        page.waitUntil(Duration.ofSeconds(40), () -> "Track 3".equals(page.song()) && !page.wantsToPlay());

        List<Segment> played = timeline.segments();
        assertThat(played).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(played.get(i).plays(tracks.get(i).id())).as("segment %d plays %s", i, tracks.get(i).title()).isTrue();
            assertThat(played.get(i).playedToTheEnd()).isTrue();
        }
        // Two elements take turns: each track is started on the one that was primed with it.
        assertThat(played.get(0).element()).isNotEqualTo(played.get(1).element());
        List<Double> gaps = PlaybackTimeline.gaps(played);
        System.out.printf("gapless: gaps between tracks %s ms (player's own estimate %s)%n", gaps,
                page.js("return JSON.stringify(window.dispotify.player.handoffs)"));
        assertThat(gaps).hasSize(2).allSatisfy(gap -> assertThat(gap).isBetween(-MAX_GAP_MS, MAX_GAP_MS));
        assertThat(page.paused()).isTrue();
    }

    @Test
    void repeatOnePlaysTheTrackAgainWithoutAGapAndRepeatAllStartsTheQueueOver() {
        FakeSong loop = tone("Loop", 3, 600);
        FakeSong first = tone("Round 1", 4, 300);
        FakeSong second = tone("Round 2", 4, 400);
        hold(List.of(loop, first, second));
        openLibrary("Loop", "Round 1", "Round 2");
        timeline.start();

        page.js("document.getElementById('repeat').click(); document.getElementById('repeat').click()");
        assertThat(page.js("return document.getElementById('repeat').dataset.mode")).isEqualTo("one");
        page.search("loop");
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Loop")));
        page.playRow("Loop");
        page.waitUntil(Duration.ofSeconds(30), () -> timeline.segments().size() >= 4);
        page.js("window.dispotify.player.pause()");
        List<Segment> looped = timeline.segments().subList(0, 3);
        assertThat(looped).allSatisfy(s -> assertThat(s.plays(loop.id())).isTrue());
        List<Double> loopGaps = PlaybackTimeline.gaps(looped);
        System.out.printf("repeat one: gaps %s ms%n", loopGaps);
        assertThat(loopGaps).hasSize(2).allSatisfy(gap -> assertThat(gap).isBetween(-MAX_GAP_MS, MAX_GAP_MS));

        // One more press: repeat all. The two-song queue plays round and round.
        page.js("document.getElementById('repeat').click()");
        assertThat(page.js("return document.getElementById('repeat').dataset.mode")).isEqualTo("off");
        page.js("document.getElementById('repeat').click()");
        assertThat(page.js("return document.getElementById('repeat').dataset.mode")).isEqualTo("all");
        page.search("round");
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Round 1", "Round 2")));
        int before = timeline.segments().size();
        page.playRow("Round 1");
        page.waitUntil(Duration.ofSeconds(40), () -> timeline.segments().size() >= before + 4);
        page.js("window.dispotify.player.pause()");
        List<Segment> rounds = timeline.segments().subList(before, before + 4);
        List<String> order = rounds.stream().map(s -> s.plays(first.id()) ? "Round 1" : s.plays(second.id()) ? "Round 2" : s.src()).toList();
        assertThat(order).containsExactly("Round 1", "Round 2", "Round 1", "Round 2");
        assertThat(PlaybackTimeline.gaps(rounds)).allSatisfy(gap -> assertThat(gap).isBetween(-MAX_GAP_MS, MAX_GAP_MS));
    }

    @Test
    void shuffleKeepsTheCurrentSongFirstPlaysInTheShuffledOrderAndUnshufflingRestoresTheQueue() {
        // Long enough that none ends while the test looks at the queue.
        List<FakeSong> tracks = IntStream.rangeClosed(1, 12)
                .mapToObj(n -> FakeSong.audio(String.format("Song %02d", n), "Test Tones", Wav.tone(60, 8_000, 200 + 40 * n, 210 + 40 * n), "audio/wav"))
                .toList();
        hold(tracks);
        List<String> titles = tracks.stream().map(FakeSong::title).toList();
        openLibrary(titles.toArray(String[]::new));

        page.playRow("Song 01");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.2);
        assertThat(page.queue()).isEqualTo(titles);

        page.js("document.getElementById('shuffle').click()");
        List<String> shuffled = page.queue();
        assertThat(shuffled.get(0)).isEqualTo("Song 01");
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(titles).isNotEqualTo(titles);
        assertThat(page.js("return document.getElementById('shuffle').getAttribute('aria-pressed')")).isEqualTo("true");
        page.waitUntil(Duration.ofSeconds(5), () -> page.queuePanel().equals(shuffled));

        page.js("document.getElementById('next').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> shuffled.get(1).equals(page.song()) && page.currentTime() > 0.2);
        assertThat(page.text("now-title")).isEqualTo(shuffled.get(1));

        page.js("document.getElementById('shuffle').click()");
        assertThat(page.queue()).isEqualTo(titles);
        assertThat(page.song()).isEqualTo(shuffled.get(1));
        assertThat(page.js("return window.dispotify.queue.pos")).isEqualTo((long) titles.indexOf(shuffled.get(1)));
    }

    @Test
    void theQueueItsModesAndThePositionSurviveAReload() {
        FakeSong longOne = tone("Long", 10, 250);
        FakeSong a = tone("Track A", 2, 500);
        FakeSong b = tone("Track B", 2, 700);
        hold(List.of(longOne, a, b));
        openLibrary("Long", "Track A", "Track B");

        page.playRow("Long");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.2);
        page.clickRow("Track A", "add");
        page.js("document.getElementById('repeat').click(); document.getElementById('shuffle').click()");
        List<String> queue = page.queue();
        assertThat(queue).hasSize(4).startsWith("Long");
        page.js("const s = document.getElementById('seek'); s.value = '6'; s.dispatchEvent(new Event('input'));"
                + " s.dispatchEvent(new Event('change'));");
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() >= 6.0);
        page.js("document.getElementById('play-pause').click()");
        page.waitUntil(Duration.ofSeconds(5), page::paused);
        double pausedAt = page.currentTime();

        driver.navigate().refresh();
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().size() == 3);
        assertThat(page.queue()).isEqualTo(queue);
        assertThat(page.song()).isEqualTo("Long");
        assertThat(page.text("now-title")).isEqualTo("Long");
        assertThat(page.queuePanel()).isEqualTo(queue);
        assertThat(page.js("return document.querySelector('#queue .q-item.current .q-title').textContent")).isEqualTo("Long");
        assertThat(page.text("time-current")).isEqualTo("0:0" + (int) pausedAt);
        assertThat(page.js("return document.getElementById('shuffle').getAttribute('aria-pressed')")).isEqualTo("true");
        assertThat(page.js("return document.getElementById('repeat').dataset.mode")).isEqualTo("all");
        assertThat(page.wantsToPlay()).isFalse();

        // Play resumes where it was paused, not from the start.
        page.js("document.getElementById('play-pause').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> !page.paused() && page.currentTime() > pausedAt + 0.2);
        assertThat(page.currentTime()).isLessThan(pausedAt + 3);

        // The order before shuffling came back too.
        page.js("document.getElementById('shuffle').click()");
        assertThat(page.queue()).containsExactly("Long", "Track A", "Track B", "Track A");
    }

    private static FakeSong tone(String title, double seconds, double hz) {
        return FakeSong.audio(title, "Test Tones", Wav.tone(seconds, RATE, hz, hz * 1.01), "audio/wav");
    }

    private void hold(List<FakeSong> songs) {
        cluster.a.hold(songs);
        cluster.b.hold(songs);
        cluster.listData(cluster.a, cluster.b);
    }

    private void openLibrary(String... titles) {
        page.open(router() + "/");
        List<String> expected = new ArrayList<>(List.of(titles));
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(expected));
    }
}
