package org.dispotify.router.player;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's chromium and chromedriver, headless. Missing browser = failed test, never a silent
 * skip; {@code DISPOTIFY_SKIP_BROWSER_TESTS=true} (system property or environment) skips, visibly.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SKIP = "DISPOTIFY_SKIP_BROWSER_TESTS";

    private Browser() {
    }

    static void requireChromium() {
        String skip = System.getProperty(SKIP, System.getenv(SKIP));
        if ("true".equalsIgnoreCase(skip)) {
            Assumptions.abort(SKIP + "=true: browser tests skipped on request");
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The player's browser tests need Debian's chromium and chromedriver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + " (apt-get install -y chromium chromium-driver). Set " + SKIP
                    + "=true to skip them explicitly.");
        }
    }

    static ChromeDriver start() {
        return start(null);
    }

    /** With downloads saved, without asking, into {@code downloads} (when not null). */
    static ChromeDriver start(Path downloads) {
        ChromeOptions options = new ChromeOptions();
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false,
                    "download.directory_upgrade", true,
                    "safebrowsing.enabled", false));
        }
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--autoplay-policy=no-user-gesture-required", "--window-size=1440,900",
                "--mute-audio");
        // The page's console, for the failure messages of PlayerPage.waitUntil.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
