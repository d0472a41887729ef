package org.dispotify.router.player;

import java.time.Duration;
import java.util.List;

import org.dispotify.router.relay.RelayAudioOn;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player against a router that relays audio: it plays through the router, and when the data
 * node behind the relay dies it resumes through the relay of the other one.
 */
@RelayAudioOn
class RelayPlayerBrowserTest extends BrowserTestSupport {

    private static final int RATE = 22_050;
    private static final FakeSong SINE = FakeSong.audio("Sine Glide", "Test Tones", Wav.tone(10, RATE, 330, 660), "audio/wav");

    @Test
    void playsThroughTheRouterAndResumesThroughItWhenTheDataNodeDies() {
        long trickle = Wav.byteRate(RATE) * 12 / 10;
        cluster.a.hold(SINE).throttleAudio(trickle);
        cluster.b.hold(SINE).throttleAudio(trickle);
        cluster.listData(cluster.a, cluster.b);

        driver.get(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("Sine Glide")));
        page.js("document.querySelector('#song-list .song-row .icon-btn.play').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 1.0);

        String servingSrc = page.audioSrc();
        assertThat(servingSrc).startsWith(router() + "/api/songs/" + SINE.id() + "/audio?node=");
        FakeDataNode serving = servingSrc.endsWith("node=" + cluster.a.nodeId) ? cluster.a : cluster.b;
        FakeDataNode other = serving == cluster.a ? cluster.b : cluster.a;
        assertThat(serving.audioRequests.get()).isPositive();
        assertThat(page.text("now-node")).contains(serving.nodeId).contains("via 127.0.0.1:" + port);

        other.throttleAudio(0);
        double before = page.currentTime();
        long stoppedAt = System.nanoTime();
        serving.stop();

        page.waitUntil(Duration.ofSeconds(8), () -> page.audioSrc().endsWith("node=" + other.nodeId));
        long switchedAt = System.nanoTime();
        page.waitUntil(Duration.ofSeconds(3), () -> page.currentTime() >= before);
        double resumed = page.currentTime();
        page.waitUntil(Duration.ofSeconds(3), () -> page.currentTime() > resumed + 0.3 && !page.paused());
        assertThat(page.audioSrc()).startsWith(router() + "/api/songs/");
        assertThat(page.text("now-node")).contains(other.nodeId);
        System.out.printf("relay failover: %s stopped at %.2f s of audio; src switched to %s's relay after %d ms%n",
                serving.nodeId, before, other.nodeId, (switchedAt - stoppedAt) / 1_000_000);
    }
}
