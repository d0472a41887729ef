package org.dispotify.dns.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

    @Bean
    MonotonicClock monotonicClock() {
        return System::nanoTime;
    }
}
