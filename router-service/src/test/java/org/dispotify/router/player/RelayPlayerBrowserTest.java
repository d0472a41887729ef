package org.dispotify.router.player;

import java.time.Duration;
import java.util.List;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.relay.RelayAudioOn;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player against a router that relays audio: it plays through the router, and when the data
 * node behind the relay dies it resumes through the relay of the other one.
 */
@RelayAudioOn
class RelayPlayerBrowserTest extends RouterTestSupport {

    private static final int RATE = 22_050;
    private static final FakeSong SINE = FakeSong.audio("Sine Glide", "Test Tones", Wav.tone(10, RATE, 330, 660), "audio/wav");

    private ChromeDriver driver;
    private PlayerPage page;

    @BeforeEach
    void startBrowser() {
        Browser.requireChromium();
        driver = Browser.start();
        page = new PlayerPage(driver);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void playsThroughTheRouterAndResumesThroughItWhenTheDataNodeDies() {
        long trickle = Wav.byteRate(RATE) * 12 / 10;
        cluster.a.hold(SINE).throttleAudio(trickle);
        cluster.b.hold(SINE).throttleAudio(trickle);
        cluster.listData(cluster.a, cluster.b);

        driver.get(router() + "/");
        waitUntil(Duration.ofSeconds(10), () -> titles().equals(List.of("Sine Glide")));
        js("document.querySelector('#song-list .song-row .icon-btn.play').click()");
        waitUntil(Duration.ofSeconds(10), () -> currentTime() > 1.0);

        String servingSrc = audioSrc();
        assertThat(servingSrc).startsWith(router() + "/api/songs/" + SINE.id() + "/audio?node=");
        FakeDataNode serving = servingSrc.endsWith("node=" + cluster.a.nodeId) ? cluster.a : cluster.b;
        FakeDataNode other = serving == cluster.a ? cluster.b : cluster.a;
        assertThat(serving.audioRequests.get()).isPositive();
        assertThat(text("now-node")).contains(serving.nodeId).contains("via 127.0.0.1:" + port);

        other.throttleAudio(0);
        double before = currentTime();
        long stoppedAt = System.nanoTime();
        serving.stop();

        waitUntil(Duration.ofSeconds(8), () -> audioSrc().endsWith("node=" + other.nodeId));
        long switchedAt = System.nanoTime();
        waitUntil(Duration.ofSeconds(3), () -> currentTime() >= before);
        double resumed = currentTime();
        waitUntil(Duration.ofSeconds(3), () -> currentTime() > resumed + 0.3 && !paused());
        assertThat(audioSrc()).startsWith(router() + "/api/songs/");
        assertThat(text("now-node")).contains(other.nodeId);
        System.out.printf("relay failover: %s stopped at %.2f s of audio; src switched to %s's relay after %d ms%n",
                serving.nodeId, before, other.nodeId, (switchedAt - stoppedAt) / 1_000_000);
    }

    private String router() {
        return "http://127.0.0.1:" + port;
    }

    private List<String> titles() {
        return page.titles();
    }

    private String text(String id) {
        return page.text(id);
    }

    private double currentTime() {
        return page.currentTime();
    }

    private boolean paused() {
        return page.paused();
    }

    private String audioSrc() {
        return page.audioSrc();
    }

    private Object js(String script) {
        return page.js(script);
    }

    private void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        page.waitUntil(timeout, condition);
    }
}
