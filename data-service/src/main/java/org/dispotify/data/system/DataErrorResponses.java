package org.dispotify.data.system;

import org.dispotify.ring.http.ProblemErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** problem+json under {@code /data/} also for errors no controller saw (no route, a media type nobody takes). */
@Configuration(proxyBeanMethods = false)
class DataErrorResponses {

    @Bean
    ProblemErrorHandler dataProblemErrors() {
        return new ProblemErrorHandler("/data/");
    }
}
