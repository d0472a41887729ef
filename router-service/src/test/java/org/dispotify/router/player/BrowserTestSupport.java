package org.dispotify.router.player;

import java.nio.file.Path;

import org.dispotify.router.RouterTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/** A browser per test, on the shared router of {@link RouterTestSupport}. */
abstract class BrowserTestSupport extends RouterTestSupport {

    protected ChromeDriver driver;
    protected PlayerPage page;

    /** Per test, so a skip on request shows as each test skipped, and a missing browser fails each. */
    @BeforeEach
    void startBrowser() {
        Browser.requireChromium();
        driver = Browser.start(downloads());
        page = new PlayerPage(driver);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Where the browser saves downloads; null when the test downloads nothing. */
    Path downloads() {
        return null;
    }

    protected String router() {
        return "http://127.0.0.1:" + port;
    }
}
