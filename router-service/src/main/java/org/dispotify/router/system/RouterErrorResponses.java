package org.dispotify.router.system;

import org.dispotify.ring.http.ProblemErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** problem+json under {@code /api/} also for errors no controller saw (no route, a media type nobody takes). */
@Configuration(proxyBeanMethods = false)
class RouterErrorResponses {

    @Bean
    ProblemErrorHandler routerProblemErrors() {
        return new ProblemErrorHandler("/api/");
    }
}
