package org.dispotify.node.cli;

import java.util.Map;

import org.dispotify.node.startup.StartupTrace;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a server's Spring application with the given properties, recording its startup steps when asked to. */
final class ServerStart {

    private ServerStart() {
    }

    /**
     * @param resolved what the command resolved from its options: passed as command-line arguments, Spring's
     *                 highest precedence, so no environment variable of the same name can replace them
     * @param tunable  defaults, Spring's lowest precedence
     */
    static void run(Class<?> application, Map<String, Object> resolved, Map<String, Object> tunable) {
        BufferingApplicationStartup recorder = StartupTrace.recorderIfRequested();
        start(application, resolved, tunable, recorder);
        if (recorder != null) {
            StartupTrace.report(recorder);
        }
    }

    static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> resolved,
                                                Map<String, Object> tunable, BufferingApplicationStartup recorder) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(application).properties(tunable);
        if (recorder != null) {
            builder.applicationStartup(recorder);
        }
        return builder.run(arguments(resolved));
    }

    /** {@code --key=value} for each property (a value may hold anything but a line break). */
    static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
