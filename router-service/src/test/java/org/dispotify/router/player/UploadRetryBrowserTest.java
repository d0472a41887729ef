package org.dispotify.router.player;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.Wav;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player's uploads carry each file's SHA-256 (from crypto.subtle, or the vendored SHA-256 where the
 * browser has none), and a cluster that answers 503 with Retry-After is asked again, no sooner than it
 * asked, with the wait shown.
 */
@SuppressWarnings("unchecked")
class UploadRetryBrowserTest extends BrowserTestSupport {

    /** Records the sha256 field of every form the page sends, as it sends it. */
    private static final String SPY = spy("");
    private static final Pattern WAIT = Pattern.compile("Trying again in ([0-9.]+) s \\(try 2 of 8\\)");

    @Test
    void anUploadSendsTheFilesSha256AndAfterA503TriesAgainNoSoonerThanRetryAfter() throws Exception {
        cluster.listData(cluster.a);
        // Busy for good: the router holds the upload for its retry-for (3 s here), then answers 503 + Retry-After.
        cluster.a.uploadMode(FakeDataNode.UploadMode.BUSY_AT_ONCE);
        byte[] audio = Wav.tone(1, 8_000, 440, 450);
        Path file = Files.createTempFile("retry-upload-", ".wav");
        Files.write(file, audio);
        try {
            page.beforeEveryPage(SPY);
            submit(file, "Patient Song");

            page.waitUntil(Duration.ofSeconds(20), () -> WAIT.matcher(resultText()).find());
            long shownAt = System.nanoTime();
            int attemptsThen = cluster.a.uploadAttempts.get();
            String shown = resultText();
            Matcher wait = WAIT.matcher(shown);
            assertThat(wait.find()).isTrue();
            double waitSeconds = Double.parseDouble(wait.group(1));
            assertThat(shown).contains("503");
            assertThat(waitSeconds).as("at least the router's Retry-After (5 s)").isGreaterThanOrEqualTo(5.0);
            assertThat(driver.findElement(By.cssSelector("#upload-results li")).getAttribute("class")).contains("retrying");

            cluster.a.uploadMode(FakeDataNode.UploadMode.STORE);
            page.waitUntil(Duration.ofSeconds(30), () -> cluster.a.uploadAttempts.get() > attemptsThen);
            double waited = (System.nanoTime() - shownAt) / 1e9;
            assertThat(waited).as("the next try came after the wait shown").isGreaterThanOrEqualTo(waitSeconds - 0.25);

            page.waitUntil(Duration.ofSeconds(15), () -> !driver.findElements(By.cssSelector("#upload-results li.ok")).isEmpty());
            assertThat(resultText()).contains("Added").contains("Patient Song");
            assertThat((List<Object>) page.js("return window.sentDigests")).containsExactly(FakeSong.sha256(audio), FakeSong.sha256(audio));
            assertThat(cluster.a.holds(FakeSong.sha256(audio))).isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The first form's bytes "arrive damaged": its sha256 field is replaced, as if the file had changed on the way. */
    private static final String DAMAGE_FIRST = spy("if (window.sentDigests.length === 0) body.set('sha256', '0'.repeat(64));");

    /** Records the sha256 field of every form the page sends, after {@code beforeRecording} ran on the form. */
    private static String spy(String beforeRecording) {
        return "window.sentDigests = []; const send = XMLHttpRequest.prototype.send;"
                + " XMLHttpRequest.prototype.send = function (body) {"
                + " if (body instanceof FormData) { " + beforeRecording + " window.sentDigests.push(body.get('sha256')); }"
                + " return send.call(this, body); };";
    }

    @Test
    void aDigestMismatchIsShownAndTheFileSentAgainAndStoredOnce() throws Exception {
        cluster.listData(cluster.a);
        byte[] audio = Wav.tone(1, 8_000, 523, 450);
        Path file = Files.createTempFile("damaged-upload-", ".wav");
        Files.write(file, audio);
        try {
            page.beforeEveryPage(DAMAGE_FIRST);
            submit(file, "Sent Twice");

            page.waitUntil(Duration.ofSeconds(30), () -> !driver.findElements(By.cssSelector("#upload-results li.ok")).isEmpty());
            assertThat(resultText()).contains("Added").contains("Sent Twice");
            assertThat((List<Object>) page.js("return window.sentDigests"))
                    .as("the damaged try, then the file again with its own digest")
                    .containsExactly("0".repeat(64), FakeSong.sha256(audio));
            // The router refused the damaged try itself: only the second reached a data node.
            assertThat(cluster.a.uploadAttempts.get()).isEqualTo(1);
            assertThat(cluster.a.holds(FakeSong.sha256(audio))).isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void withoutCryptoSubtleTheVendoredSha256IsSent() throws Exception {
        cluster.listData(cluster.a);
        byte[] audio = Wav.tone(4, 22_050, 300, 900); // ~176 KB: read from the file's stream in several blocks
        Path file = Files.createTempFile("plain-http-upload-", ".wav");
        Files.write(file, audio);
        try {
            // As on plain http to another host: no crypto.subtle.
            page.beforeEveryPage(SPY + " Object.defineProperty(Crypto.prototype, 'subtle', { get() { return undefined; }, configurable: true });");
            driver.get(router() + "/#upload");
            assertThat(page.js("return window.crypto.subtle === undefined")).isEqualTo(true);
            driver.findElement(By.id("upload-files")).sendKeys(file.toString());
            driver.findElement(By.id("upload-submit")).click();
            page.waitUntil(Duration.ofSeconds(20), () -> !driver.findElements(By.cssSelector("#upload-results li.ok")).isEmpty());
            assertThat((List<Object>) page.js("return window.sentDigests")).containsExactly(FakeSong.sha256(audio));
            assertThat(cluster.a.holds(FakeSong.sha256(audio))).isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Opens the upload page and sends {@code file} with {@code title}. */
    private void submit(Path file, String title) {
        driver.get(router() + "/#upload");
        driver.findElement(By.id("upload-files")).sendKeys(file.toString());
        driver.findElement(By.id("upload-title")).sendKeys(title);
        driver.findElement(By.id("upload-submit")).click();
    }

    private String resultText() {
        return (String) page.js("const r = document.querySelector('#upload-results li .result'); return r ? r.textContent : ''");
    }
}
