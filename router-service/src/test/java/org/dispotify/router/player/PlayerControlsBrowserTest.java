package org.dispotify.router.player;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controls around playback in a real browser: the OS media controls (Media Session metadata,
 * state, position and action handlers), keyboard shortcuts, and downloads of the original bytes.
 */
class PlayerControlsBrowserTest extends BrowserTestSupport {

    private static final int RATE = 22_050;
    private static final FakeSong FIRST = FakeSong.audio("First Light", "Dawn Chorus", Wav.tone(12, RATE, 300, 320), "audio/wav");
    private static final FakeSong SECOND = FakeSong.audio("Second Wind", "Dawn Chorus", Wav.tone(12, RATE, 500, 520), "audio/wav");
    private static final FakeSong TEXT = FakeSong.of("Blue Monk", "Thelonious Monk", "Monk's Music", "Jazz");

    /**
     * Records the handlers the page gives the Media Session and the position states it sets, so the
     * test can act as the operating system does (a media key, a lock-screen button).
     */
    private static final String MEDIA_SESSION_SPY = """
            (() => {
              const session = navigator.mediaSession;
              window.__media = {handlers: {}, positions: []};
              if (!session) return;
              const setHandler = session.setActionHandler.bind(session);
              session.setActionHandler = (action, handler) => { window.__media.handlers[action] = handler; setHandler(action, handler); };
              const setPosition = session.setPositionState.bind(session);
              session.setPositionState = state => { window.__media.positions.push(state || null); setPosition(state); };
            })();""";

    @TempDir
    Path downloads;

    @Override
    Path downloads() {
        return downloads;
    }


    @Test
    void theMediaSessionShowsTheSongItsStateAndPositionAndItsHandlersDriveThePlayer() {
        cluster.a.hold(FIRST, SECOND);
        cluster.listData(cluster.a);
        page.beforeEveryPage(MEDIA_SESSION_SPY);
        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("First Light", "Second Wind")));
        assertThat(page.js("return navigator.mediaSession.playbackState")).isEqualTo("none");

        page.playRow("First Light");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.3);
        assertThat(metadata()).containsEntry("title", "First Light").containsEntry("artist", "Dawn Chorus")
                .containsEntry("album", "Tests");
        assertThat(page.js("return navigator.mediaSession.playbackState")).isEqualTo("playing");
        page.waitUntil(Duration.ofSeconds(5), () -> lastPositionDuration() > 11.9);
        assertThat(lastPositionDuration()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.05));
        @SuppressWarnings("unchecked")
        List<String> actions = (List<String>) page.js("return Object.keys(window.__media.handlers)");
        assertThat(actions).contains("play", "pause", "stop", "nexttrack", "previoustrack", "seekto", "seekbackward", "seekforward");

        page.js("window.__media.handlers.pause({action: 'pause'})");
        page.waitUntil(Duration.ofSeconds(5), page::paused);
        assertThat(page.js("return navigator.mediaSession.playbackState")).isEqualTo("paused");
        page.js("window.__media.handlers.seekto({action: 'seekto', seekTime: 4.5})");
        page.js("window.__media.handlers.play({action: 'play'})");
        page.waitUntil(Duration.ofSeconds(5), () -> !page.paused() && page.currentTime() >= 4.5);
        assertThat(page.js("return navigator.mediaSession.playbackState")).isEqualTo("playing");

        page.js("window.__media.handlers.nexttrack({action: 'nexttrack'})");
        page.waitUntil(Duration.ofSeconds(10), () -> "Second Wind".equals(metadata().get("title")) && page.currentTime() > 0.2);
        assertThat(page.text("now-title")).isEqualTo("Second Wind");
        page.js("window.__media.handlers.previoustrack({action: 'previoustrack'})");
        page.waitUntil(Duration.ofSeconds(10), () -> "First Light".equals(metadata().get("title")) && page.currentTime() > 0.2);
        // No cover yet (the song says nothing about one): no artwork rather than a broken one.
        assertThat(page.js("return navigator.mediaSession.metadata.artwork.length")).isEqualTo(0L);
    }

    @Test
    void keyboardShortcutsPlaySeekSkipAndSetVolumeButNotWhileTyping() {
        cluster.a.hold(FIRST, SECOND);
        cluster.listData(cluster.a);
        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("First Light", "Second Wind")));
        page.playRow("First Light");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.3);
        assertThat(page.js("return document.activeElement.classList.contains('play')")).isEqualTo(true);

        // Space pauses, even with the focus still on the row's play button the mouse just clicked.
        press(Keys.SPACE);
        page.waitUntil(Duration.ofSeconds(5), page::paused);
        assertThat(page.wantsToPlay()).isFalse();
        press(Keys.SPACE);
        page.waitUntil(Duration.ofSeconds(5), () -> !page.paused());

        double before = page.currentTime();
        press(Keys.ARROW_RIGHT);
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() >= before + 4.5);
        double ahead = page.currentTime();
        press(Keys.ARROW_LEFT);
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() <= ahead - 4.0);

        double volume = page.number("return document.getElementById('audio').volume");
        press(Keys.ARROW_DOWN);
        assertThat(page.number("return document.getElementById('audio').volume")).isCloseTo(volume - 0.05, org.assertj.core.data.Offset.offset(0.001));
        press(Keys.ARROW_UP);
        assertThat(page.number("return document.getElementById('audio').volume")).isCloseTo(volume, org.assertj.core.data.Offset.offset(0.001));
        press("m");
        assertThat(page.js("return document.getElementById('audio').muted")).isEqualTo(true);
        press("m");
        assertThat(page.js("return document.getElementById('audio').muted")).isEqualTo(false);
        press("s");
        assertThat(page.js("return window.dispotify.queue.shuffle")).isEqualTo(true);
        press("s");
        press("r");
        assertThat(page.js("return window.dispotify.queue.repeat")).isEqualTo("all");
        press("r");
        press("r");
        assertThat(page.js("return window.dispotify.queue.repeat")).isEqualTo("off");

        // "/" goes to the search box, and is not typed into it; there, keys are text, not commands.
        press("/");
        assertThat(page.js("return document.activeElement.id")).isEqualTo("search");
        press(" m");
        assertThat(page.js("return document.getElementById('search').value")).isEqualTo(" m");
        assertThat(page.paused()).isFalse();
        assertThat(page.js("return document.getElementById('audio').muted")).isEqualTo(false);
        press(Keys.ESCAPE);
        assertThat(page.js("return document.activeElement.id")).isNotEqualTo("search");

        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ARROW_RIGHT).keyUp(Keys.SHIFT).perform();
        page.waitUntil(Duration.ofSeconds(10), () -> "Second Wind".equals(page.song()) && page.currentTime() > 0.2);

        press("?");
        assertThat(page.js("return document.getElementById('help').open")).isEqualTo(true);
        assertThat(page.text("help-keys")).contains("Play or pause").contains("Search");
    }

    @Test
    void theDownloadButtonSavesTheOriginalBytesUnderTheSongsNameEvenWhenTheFirstProviderFails() throws Exception {
        cluster.a.hold(TEXT, FIRST);
        cluster.b.hold(TEXT, FIRST);
        cluster.listData(cluster.a, cluster.b);
        // The first audio fetch the page makes dies on the network, as a provider that just died would.
        page.beforeEveryPage("""
                (() => {
                  const original = window.fetch.bind(window);
                  window.__fetched = [];
                  window.fetch = (url, options) => {
                    const audio = String(url).includes('/audio') && !(options && options.method === 'HEAD');
                    const failed = audio && window.__fetched.length === 0;
                    if (audio) window.__fetched.push(String(url));
                    return failed ? Promise.reject(new TypeError('Failed to fetch')) : original(url, options);
                  };
                })();""");
        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("Blue Monk", "First Light")));

        page.clickRow("Blue Monk", "download");
        Path saved = downloads.resolve("Thelonious Monk - Blue Monk.mp3");
        awaitFile(saved);
        assertThat(Files.readAllBytes(saved)).isEqualTo(TEXT.audio());
        assertThat(page.js("return window.__fetched.length")).isEqualTo(2L);
        page.waitUntil(Duration.ofSeconds(5), () -> page.text("toast").contains("Saved Thelonious Monk - Blue Monk.mp3"));
        assertThat(page.text("toast")).contains("SHA-256 checked");

        // The player bar's button downloads the song playing.
        page.playRow("First Light");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.2);
        page.click("download-current");
        Path wav = downloads.resolve("Dawn Chorus - First Light.wav");
        awaitFile(wav);
        assertThat(Files.readAllBytes(wav)).isEqualTo(FIRST.audio());
    }

    @Test
    void aDownloadWhoseBytesAreNotTheSongsIsRefusedAndNothingIsSaved() throws Exception {
        cluster.a.hold(TEXT).corruptAudio(true);
        cluster.listData(cluster.a);
        page.open(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("Blue Monk")));

        page.clickRow("Blue Monk", "download");
        page.waitUntil(Duration.ofSeconds(10), () -> page.text("toast").contains("failed"));
        assertThat(page.text("toast")).contains("SHA-256 differs");
        assertThat(page.js("return document.getElementById('toast').className")).isEqualTo("toast error");
        try (Stream<Path> files = Files.list(downloads)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private void press(CharSequence keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata() {
        Object value = page.js("const m = navigator.mediaSession.metadata;"
                + " return m ? {title: m.title, artist: m.artist, album: m.album} : {}");
        return (Map<String, Object>) value;
    }

    private double lastPositionDuration() {
        return page.number("const p = window.__media.positions.filter(x => x); return p.length ? p[p.length - 1].duration : 0");
    }

    /** A finished download: the file exists, and Chromium's partial file is gone. */
    private void awaitFile(Path file) {
        page.waitUntil(Duration.ofSeconds(15), () -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return Files.exists(file) && files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
            } catch (IOException e) {
                return false;
            }
        });
    }
}
