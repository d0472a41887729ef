package org.dispotify.router.player;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The player page as the browser tests read and drive it. Reads go through one script each: the
 * lists re-render as they poll and scroll, so element handles would go stale. {@code #audio} is the
 * element playing (the player moves the id to the other element at each hand-off).
 */
final class PlayerPage {

    private static final String STATE = "const a = document.getElementById('audio'); return JSON.stringify({src: a.currentSrc,"
            + " time: a.currentTime, paused: a.paused, readyState: a.readyState, networkState: a.networkState,"
            + " error: a.error && a.error.code, status: document.getElementById('player-status').textContent,"
            + " notice: document.getElementById('library-notice').textContent,"
            + " router: window.dispotify && window.dispotify.api.base,"
            + " song: window.dispotify && window.dispotify.player.song && window.dispotify.player.song.title,"
            + " queue: window.dispotify && window.dispotify.queue.entries.map(e => e.song.title).join(', '),"
            + " rows: document.querySelectorAll('#song-list .song-row').length})";

    private final ChromeDriver driver;

    PlayerPage(ChromeDriver driver) {
        this.driver = driver;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs in every page this browser opens from now on, before the page's own scripts. */
    void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    void waitUntil(Duration timeout, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + "; player state: " + js(STATE) + "; console: " + console(), e);
        }
    }

    /** The page's console messages since the last call (errors, the player's failover notes). */
    String console() {
        try {
            return driver.manage().logs().get("browser").getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList().toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** The titles of the song rows in the DOM, in list order (rows still loading have none). */
    @SuppressWarnings("unchecked")
    List<String> titles() {
        return (List<String>) js("return [...document.querySelectorAll('#song-list .song-row')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index)"
                + ".map(r => r.querySelector('.title')).filter(t => t).map(t => t.textContent)");
    }

    int songRows() {
        return ((Number) js("return document.querySelectorAll('#song-list .song-row').length")).intValue();
    }

    /** The queue in play order, as the player holds it. */
    @SuppressWarnings("unchecked")
    List<String> queue() {
        return (List<String>) js("return window.dispotify.queue.entries.map(e => e.song.title)");
    }

    /** The queue panel's rows in the DOM, in order. */
    @SuppressWarnings("unchecked")
    List<String> queuePanel() {
        return (List<String>) js("return [...document.querySelectorAll('#queue .q-item')]"
                + ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)"
                + ".map(r => r.querySelector('.q-title').textContent)");
    }

    String song() {
        return (String) js("const s = window.dispotify.player.song; return s ? s.title : null");
    }

    /**
     * Clicks a row's button (play, add, download) as a user does: real input, which browsers count
     * as a gesture (Chromium lets a page start a download on its own only once per gesture).
     */
    void clickRow(String title, String button) {
        // The list draws rows anew when its data changes: a row found a moment ago may be gone.
        for (int attempt = 1; ; attempt++) {
            WebElement target = (WebElement) js("const row = [...document.querySelectorAll('#song-list .song-row')]"
                    + ".find(r => r.querySelector('.title') && r.querySelector('.title').textContent === arguments[0]);"
                    + "const b = row.querySelector('.icon-btn.' + arguments[1]); b.scrollIntoView({block: 'nearest'}); return b",
                    title, button);
            try {
                target.click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** A real click on the element with this id. */
    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    void playRow(String title) {
        clickRow(title, "play");
    }

    String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent", id);
    }

    double currentTime() {
        return number("return document.getElementById('audio').currentTime");
    }

    boolean paused() {
        return (Boolean) js("return document.getElementById('audio').paused");
    }

    boolean wantsToPlay() {
        return (Boolean) js("return window.dispotify.player.wantPlaying");
    }

    String audioSrc() {
        return (String) js("return document.getElementById('audio').currentSrc || ''");
    }

    /** Types like a user (clear() fires no input event, so select all and overwrite). */
    void search(String query) {
        WebElement box = driver.findElement(By.id("search"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!query.isEmpty()) {
            box.sendKeys(query);
        }
    }

    void saveScreenshot(String name) {
        Path target = Path.of("target", name);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
