package org.dispotify.router.player;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterTestApplication;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Covers keep showing after the player moves to another router: the page's Content-Security-Policy
 * names every router of the cluster (and no other origin) as an image source, so covers from the
 * router the player fails over to are drawn, not blocked.
 */
class CoverFailoverBrowserTest extends BrowserTestSupport {

    @Test
    void afterTheRouterThatServedThePageStopsCoversComeFromTheNextRouterAndThePolicyAllowsExactlyTheRouters() throws Exception {
        FakeSong first = FakeSong.of("Alpha", "Cover Band", "First Album", "Rock");
        FakeSong second = FakeSong.of("Beta", "Cover Band", "Second Album", "Rock");
        cluster.a.hold(first, second)
                .cover(first.id(), "image/jpeg", TestImages.jpeg(500, 500, 40))
                .cover(second.id(), "image/jpeg", TestImages.jpeg(500, 500, 160));
        cluster.listData(cluster.a);
        ConfigurableApplicationContext pageRouter = new SpringApplicationBuilder(RouterTestApplication.class)
                .properties("server.port=0",
                        "dispotify.naming.servers=" + cluster.names.address(),
                        "dispotify.router.catalog.refresh-interval=250ms", "dispotify.router.catalog.idle-refresh-interval=250ms",
                        "spring.main.banner-mode=off")
                .run();
        int pagePort = ((WebServerApplicationContext) pageRouter).getWebServer().getPort();
        String pageOrigin = "http://127.0.0.1:" + pagePort;
        // The data node is another origin too, but never one of pictures: img-src names the routers only.
        cluster.listRouters(new Member("router-1", "127.0.0.1", port, 10), new Member("router-2", "127.0.0.1", pagePort, 10));
        try {
            String pagePolicy = policy(pageOrigin + "/");
            assertThat(directive(pagePolicy, "img-src"))
                    .containsExactlyInAnyOrder("'self'", "data:", "127.0.0.1:" + port, "127.0.0.1:" + pagePort);
            assertThat(pagePolicy).contains("script-src 'self';");
            assertThat(policy(pageOrigin + "/api/genres")).as("only the page carries the wider policy")
                    .doesNotContain("127.0.0.1:" + port);

            page.beforeEveryPage("window.cspBlocked = []; document.addEventListener('securitypolicyviolation',"
                    + " e => window.cspBlocked.push(e.violatedDirective + ' ' + e.blockedURI));");
            page.open(pageOrigin + "/#albums");
            page.waitUntil(Duration.ofSeconds(10), () -> coversFrom(pageOrigin) == 2);
            // The player learns the routers from the cluster view.
            page.waitUntil(Duration.ofSeconds(10), () -> ((Number) page.js("return window.dispotify.api.routers.length")).intValue() == 2);
        } finally {
            pageRouter.close();
        }

        // The grid asks again (another sort): its router is gone, the next one answers, and its covers are drawn.
        new Select(driver.findElement(By.id("album-sort"))).selectByValue("newest");
        page.waitUntil(Duration.ofSeconds(15), () -> coversFrom(router()) == 2);
        assertThat((String) page.js("return window.dispotify.api.base")).isEqualTo(router());
        assertThat((List<Object>) page.js("return window.cspBlocked")).isEmpty();
    }

    /** Tiles whose cover came from this origin and was drawn. */
    private long coversFrom(String origin) {
        return ((Number) page.js("return [...document.querySelectorAll('#album-grid .cover.loaded img')]"
                + ".filter(i => i.naturalWidth > 0 && i.src.startsWith(arguments[0] + '/api/albums/')).length", origin)).longValue();
    }

    private static List<String> directive(String policy, String name) {
        return java.util.Arrays.stream(policy.split(";")).map(String::strip).filter(d -> d.startsWith(name + " "))
                .findFirst().map(d -> List.of(d.substring(name.length() + 1).split(" "))).orElse(List.of());
    }

    private static String policy(String url) throws Exception {
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        return answer.headers().firstValue("Content-Security-Policy").orElse("");
    }
}
