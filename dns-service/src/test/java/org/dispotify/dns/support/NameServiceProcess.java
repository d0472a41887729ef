package org.dispotify.dns.support;

import java.nio.file.Path;

import org.dispotify.dns.NameServiceApplication;
import org.dispotify.dns.dnswire.DnsServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A whole name service started the way the node CLI starts it, on free ports. */
public final class NameServiceProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private NameServiceProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static NameServiceProcess start(Path dir, String... extraProperties) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(NameServiceApplication.class)
                .properties("server.port=0", "dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1",
                        "dispotify.dir=" + dir, "spring.main.banner-mode=off")
                .properties(extraProperties);
        return new NameServiceProcess(builder.run());
    }

    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public int dnsPort() {
        return context.getBean(DnsServer.class).port();
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + httpPort()).build();
    }

    @Override
    public void close() {
        context.close();
    }
}
