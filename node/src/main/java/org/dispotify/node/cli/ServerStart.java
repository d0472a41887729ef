package org.dispotify.node.cli;

import java.util.Map;

import org.dispotify.node.startup.StartupTrace;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;

/** Starts a server's Spring application with the given properties, recording its startup steps when asked to. */
final class ServerStart {

    private ServerStart() {
    }

    static void run(Class<?> application, Map<String, Object> properties) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(application).properties(properties);
        BufferingApplicationStartup recorder = StartupTrace.recorderIfRequested();
        if (recorder != null) {
            builder.applicationStartup(recorder);
        }
        builder.run();
        if (recorder != null) {
            StartupTrace.report(recorder);
        }
    }
}
