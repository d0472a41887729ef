package org.dispotify.dns.expiry;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import org.dispotify.dns.records.NameRecord;
import org.dispotify.dns.system.NameServiceProperties;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one health check of an expired record's owner: {@code GET /actuator/health}, 2xx means
 * alive. Not retried: the record already missed its renewals, so one failed check is enough
 * to drop it, and a live owner re-registers on its next renewal anyway.
 */
@Component
class HealthProbe {

    private final WebClient client;
    private final Duration timeout;

    HealthProbe(NameServiceProperties properties) {
        this.timeout = properties.dns().healthTimeout();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** True when the owner answered 2xx within the timeout; never errors. */
    Mono<Boolean> alive(NameRecord record) {
        return client.get()
                .uri("http://{host}:{port}/actuator/health", record.host(), record.port())
                .retrieve()
                .toBodilessEntity()
                .map(response -> response.getStatusCode().is2xxSuccessful())
                .timeout(timeout)
                .onErrorReturn(false);
    }
}
