package org.dispotify.router.player;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterTestApplication;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player in a real browser against a real router and fake data nodes serving a real WAV:
 * list, search, play, seek, survive the serving data node's death, upload, draw the ring, and
 * move to another router when its own stops.
 */
class PlayerBrowserTest extends BrowserTestSupport {

    private static final int RATE = 22_050;
    private static final byte[] TONE = Wav.tone(10, RATE, 330, 660);
    private static final FakeSong SINE = FakeSong.audio("Sine Glide", "Test Tones", TONE, "audio/wav");
    private static final List<FakeSong> LIBRARY = List.of(
            FakeSong.of("Blue Monk", "Thelonious Monk", "Monk's Music", "Jazz"),
            FakeSong.of("Autumn Leaves", "Cannonball Adderley", "Somethin' Else", "Jazz"),
            FakeSong.of("Clair de Lune", "Claude Debussy", "Suite bergamasque", "Classical"),
            FakeSong.of("Teardrop", "Massive Attack", "Mezzanine", "Trip hop"),
            FakeSong.of("Windowlicker", "Aphex Twin", "Windowlicker", "Electronic"),
            FakeSong.of("Hyperballad", "Björk", "Post", "Electronic"),
            FakeSong.of("Paranoid Android", "Radiohead", "OK Computer", "Rock"),
            FakeSong.of("Redbone", "Childish Gambino", "Awaken, My Love!", "Funk"),
            FakeSong.of("So What", "Miles Davis", "Kind of Blue", "Jazz"));

    @Test
    void listsSearchesPlaysSeeksAndResumesOnAnotherNodeWhenTheServingOneDies() throws Exception {
        // Audio trickles at about real time, so the browser must keep fetching while it plays.
        long trickle = Wav.byteRate(RATE) * 12 / 10;
        cluster.a.hold(SINE).throttleAudio(trickle);
        cluster.b.hold(SINE).throttleAudio(trickle);
        LIBRARY.forEach(cluster.c::hold);
        LIBRARY.forEach(cluster.d::hold);
        cluster.listData(cluster.a, cluster.b, cluster.c, cluster.d);
        cluster.listRouters(new Member("router-1", "127.0.0.1", port, 10));

        driver.get(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.songRows() == LIBRARY.size() + 1);
        // Every song once, merged from the nodes that hold it, in title order (the default sort).
        assertThat(page.titles()).containsExactly("Autumn Leaves", "Blue Monk", "Clair de Lune", "Hyperballad",
                "Paranoid Android", "Redbone", "Sine Glide", "So What", "Teardrop", "Windowlicker");

        page.search("monk");
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Blue Monk")));
        page.search("SINE");
        page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Sine Glide")));

        page.js("document.querySelector('#song-list .song-row .icon-btn.play').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 0.3);
        double playing = page.currentTime();
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() > playing + 0.4);
        assertThat(page.text("now-title")).isEqualTo("Sine Glide");

        page.js("const s = document.getElementById('seek'); s.value = '3'; s.dispatchEvent(new Event('input'));"
                + " s.dispatchEvent(new Event('change'));");
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() >= 3.0 && page.currentTime() < 6.0);
        double afterSeek = page.currentTime();
        page.waitUntil(Duration.ofSeconds(5), () -> page.currentTime() > afterSeek + 0.3);

        String servingSrc = page.audioSrc();
        FakeDataNode serving = servingSrc.startsWith(cluster.a.baseUrl()) ? cluster.a : cluster.b;
        FakeDataNode other = serving == cluster.a ? cluster.b : cluster.a;
        assertThat(servingSrc).startsWith(serving.baseUrl());
        assertThat(page.text("now-node")).contains(serving.nodeId);

        // The survivor need not trickle: a real data node streams as fast as the network allows.
        other.throttleAudio(0);
        double before = page.currentTime();
        long stoppedAt = System.nanoTime();
        serving.stop();

        page.waitUntil(Duration.ofSeconds(8), () -> page.audioSrc().startsWith(other.baseUrl()));
        long switchedAt = System.nanoTime();
        // At the old position within 2 s of the switch: starting over from 0 would need 3+ s to get there.
        page.waitUntil(Duration.ofSeconds(2), () -> page.currentTime() >= before);
        long resumedAt = System.nanoTime();
        double resumedFrom = page.currentTime();
        page.waitUntil(Duration.ofSeconds(3), () -> page.currentTime() > resumedFrom + 0.3 && !page.paused());
        assertThat(page.currentTime()).isGreaterThan(before);
        assertThat(page.text("now-node")).contains(other.nodeId);
        System.out.printf("failover: %s stopped at %.2f s of audio; src switched to %s after %d ms, playing at %.2f s after %d ms%n",
                serving.nodeId, before, other.nodeId, (switchedAt - stoppedAt) / 1_000_000, resumedFrom,
                (resumedAt - stoppedAt) / 1_000_000);

        // The queue: add three more songs from the full list.
        page.search("");
        page.waitUntil(Duration.ofSeconds(5), () -> page.songRows() == LIBRARY.size() + 1);
        page.clickRow(LIBRARY.get(0).title(), "add");
        page.clickRow(LIBRARY.get(4).title(), "add");
        page.clickRow(LIBRARY.get(8).title(), "add");
        page.waitUntil(Duration.ofSeconds(2), () -> page.queuePanel().size() == 4);
        assertThat(page.queuePanel()).containsExactly("Sine Glide", "Blue Monk", "Windowlicker", "So What");
        assertThat(driver.findElement(By.cssSelector("#queue .q-item.current")).getText()).contains("Sine Glide");
        page.saveScreenshot("player.png");
    }

    @Test
    void resumesOnAnotherNodeWhenTheServingOneStallsWithoutDying() {
        long trickle = Wav.byteRate(RATE) * 12 / 10;
        cluster.a.hold(SINE).throttleAudio(trickle);
        cluster.b.hold(SINE).throttleAudio(trickle);
        cluster.listData(cluster.a, cluster.b);

        driver.get(router() + "/");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("Sine Glide")));
        page.js("document.querySelector('#song-list .song-row .icon-btn.play').click()");
        page.waitUntil(Duration.ofSeconds(10), () -> page.currentTime() > 1.0);

        String servingSrc = page.audioSrc();
        FakeDataNode serving = servingSrc.startsWith(cluster.a.baseUrl()) ? cluster.a : cluster.b;
        FakeDataNode other = serving == cluster.a ? cluster.b : cluster.a;
        other.throttleAudio(0);
        // Still answers everything (list, complete, HEAD), but its audio stops flowing.
        serving.freezeAudio();
        double before = page.currentTime();

        page.waitUntil(Duration.ofSeconds(8), () -> page.audioSrc().startsWith(other.baseUrl()));
        page.waitUntil(Duration.ofSeconds(3), () -> page.currentTime() >= before);
        double resumed = page.currentTime();
        page.waitUntil(Duration.ofSeconds(3), () -> page.currentTime() > resumed + 0.3 && !page.paused());
        assertThat(page.text("now-node")).contains(other.nodeId);
    }

    @Test
    void anUploadShowsItsResultAndAppearsInTheList() throws Exception {
        cluster.listData(cluster.a);
        Path file = Files.createTempFile("browser-upload-", ".wav");
        Files.write(file, Wav.tone(1, 8_000, 500, 520));
        try {
            driver.get(router() + "/#upload");
            driver.findElement(By.id("upload-files")).sendKeys(file.toString());
            driver.findElement(By.id("upload-title")).sendKeys("Browser Upload");
            driver.findElement(By.id("upload-artist")).sendKeys("Selenium");
            driver.findElement(By.id("upload-submit")).click();
            page.waitUntil(Duration.ofSeconds(10), () -> !driver.findElements(By.cssSelector("#upload-results li.ok")).isEmpty());
            assertThat(driver.findElement(By.cssSelector("#upload-results li.ok")).getText())
                    .contains("Added").contains("Browser Upload").contains("Selenium");
            assertThat(driver.findElement(By.cssSelector("#upload-results li.ok .bar > i")).getAttribute("style"))
                    .contains("100%");

            // The list reloads after an upload: the new song shows without searching for it.
            driver.findElement(By.id("tab-library")).click();
            page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Browser Upload")));
            assertThat((String) page.js("return document.querySelector('#song-list .song-row .artist').textContent")).isEqualTo("Selenium");
            page.search("browser upload");
            page.waitUntil(Duration.ofSeconds(5), () -> page.titles().equals(List.of("Browser Upload")));

            // A refused file shows the data node's problem detail.
            cluster.a.uploadMode(FakeDataNode.UploadMode.REJECT_415);
            driver.findElement(By.id("tab-upload")).click();
            driver.findElement(By.id("upload-files")).sendKeys(file.toString());
            driver.findElement(By.id("upload-submit")).click();
            page.waitUntil(Duration.ofSeconds(10), () -> !driver.findElements(By.cssSelector("#upload-results li.error")).isEmpty());
            assertThat(driver.findElement(By.cssSelector("#upload-results li.error")).getText())
                    .contains("415").contains("The bytes are not MP3, FLAC, Ogg Vorbis or WAV.");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void drawsTheRingAndMovesToAnotherRouterWhenItsOwnStops() {
        LIBRARY.forEach(cluster.c::hold);
        cluster.listData(cluster.a, cluster.b, cluster.c);
        ConfigurableApplicationContext second = startSecondRouter();
        int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
        try {
            cluster.listRouters(new Member("router-1", "127.0.0.1", port, 10), new Member("router-2", "127.0.0.1", secondPort, 10));

            driver.get("http://127.0.0.1:" + secondPort + "/#cluster");
            page.waitUntil(Duration.ofSeconds(10), () -> driver.findElements(By.cssSelector("#ring g.member")).size() == 5);
            assertThat(driver.findElements(By.cssSelector("#ring g.member.data"))).hasSize(3);
            assertThat(driver.findElements(By.cssSelector("#ring g.member.router"))).hasSize(2);
            assertThat(driver.findElements(By.cssSelector("#ring g.member.self"))).hasSize(1);
            assertThat(driver.findElement(By.cssSelector("#ring g.member.self")).getAttribute("data-node")).isEqualTo("router-2");
            assertThat(driver.findElement(By.id("member-list")).getText()).contains("router-1").contains("data-c");
            page.saveScreenshot("cluster.png");
        } finally {
            second.close();
        }

        driver.findElement(By.id("tab-library")).click();
        page.search("monk");
        page.waitUntil(Duration.ofSeconds(10), () -> page.titles().equals(List.of("Blue Monk")));
        assertThat((String) page.js("return window.dispotify.api.base")).isEqualTo(router());
        assertThat(page.text("router-name")).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void anUploadWithoutATokenAsksForItKeepsItAndAWrongOneIsReportedClearly() throws Exception {
        cluster.listData(cluster.a);
        ConfigurableApplicationContext guarded = new SpringApplicationBuilder(RouterTestApplication.class, UploadTokenRequired.class)
                .properties("server.port=0",
                        "dispotify.naming.servers=" + cluster.names.address(),
                        "dispotify.router.catalog.refresh-interval=250ms", "dispotify.router.catalog.idle-refresh-interval=250ms",
                        "dispotify.router.upload.spool-dir=" + SPOOL_DIR,
                        "spring.main.banner-mode=off")
                .run();
        String origin = "http://127.0.0.1:" + ((WebServerApplicationContext) guarded).getWebServer().getPort();
        Path first = Files.createTempFile("token-upload-", ".wav");
        Path second = Files.createTempFile("token-upload-", ".wav");
        Path third = Files.createTempFile("token-upload-", ".wav");
        Files.write(first, Wav.tone(1, 8_000, 300, 310));
        Files.write(second, Wav.tone(1, 8_000, 600, 610));
        Files.write(third, Wav.tone(1, 8_000, 900, 910));
        try {
            driver.get(origin + "/#upload");
            assertThat(storedToken()).isNull();

            // No token yet: the router answers 401, the player asks, keeps the answer and retries.
            upload(first, "Token Song");
            Alert prompt = new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            assertThat(prompt.getText()).contains("upload token");
            prompt.sendKeys(UploadTokenRequired.TOKEN);
            prompt.accept();
            page.waitUntil(Duration.ofSeconds(10), () -> driver.findElements(By.cssSelector("#upload-results li.ok")).size() == 1);
            assertThat(driver.findElement(By.cssSelector("#upload-results li.ok")).getText()).contains("Token Song");
            assertThat(storedToken()).isEqualTo(UploadTokenRequired.TOKEN);
            assertThat(cluster.a.lastUploadFields.get()).containsEntry("title", "Token Song");

            // Kept: the next upload goes through without asking.
            upload(second, "Second Token Song");
            page.waitUntil(Duration.ofSeconds(10), () -> driver.findElements(By.cssSelector("#upload-results li.ok")).size() == 2);
            assertThat(cluster.a.lastUploadFields.get()).containsEntry("title", "Second Token Song");

            // A wrong token (kept from before, then typed again) ends in a clear error and is forgotten.
            page.js("localStorage.setItem('dispotify.uploadToken', 'stale-token')");
            int forwarded = cluster.a.uploadAttempts.get();
            upload(third, "Never Stored");
            Alert again = new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            again.sendKeys("not-the-token");
            again.accept();
            page.waitUntil(Duration.ofSeconds(10), () -> !driver.findElements(By.cssSelector("#upload-results li.error")).isEmpty());
            assertThat(driver.findElement(By.cssSelector("#upload-results li.error")).getText())
                    .contains("401").contains("Wrong upload token").contains("did not accept");
            assertThat(storedToken()).isNull();
            assertThat(cluster.a.uploadAttempts.get()).isEqualTo(forwarded);
        } finally {
            guarded.close();
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
            Files.deleteIfExists(third);
        }
    }

    private void upload(Path file, String title) {
        driver.findElement(By.id("tab-upload")).click();
        driver.findElement(By.id("upload-files")).sendKeys(file.toString());
        driver.findElement(By.id("upload-title")).sendKeys(title);
        driver.findElement(By.id("upload-submit")).click();
    }

    private String storedToken() {
        return (String) page.js("return localStorage.getItem('dispotify.uploadToken')");
    }

    private ConfigurableApplicationContext startSecondRouter() {
        return new SpringApplicationBuilder(RouterTestApplication.class)
                .properties("server.port=0",
                        "dispotify.naming.servers=" + cluster.names.address(),
                        "dispotify.router.catalog.refresh-interval=250ms", "dispotify.router.catalog.idle-refresh-interval=250ms",
                        "spring.main.banner-mode=off")
                .run();
    }
}
