package org.dispotify.node.startup;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Opt-in record of where a server's start spends its time ({@code DISPOTIFY_STARTUP_TRACE=true}): Spring's startup
 * steps, buffered, and once the server is up the slowest of them in its log, and the time per bean summed by the
 * package the bean comes from. It is how bench/results/startup.md was measured; off, it costs nothing.
 */
public final class StartupTrace {

    public static final String ENV = "DISPOTIFY_STARTUP_TRACE";
    private static final Logger log = LoggerFactory.getLogger(StartupTrace.class);
    private static final int SHOWN = 40;

    private StartupTrace() {
    }

    /** A buffering startup recorder when the trace is asked for; null (Spring's default, no recording) otherwise. */
    public static BufferingApplicationStartup recorderIfRequested() {
        return "true".equalsIgnoreCase(System.getenv(ENV)) ? new BufferingApplicationStartup(50_000) : null;
    }

    /** Logs the slowest steps and the bean time per package. */
    public static void report(BufferingApplicationStartup recorder) {
        StartupTimeline timeline = recorder.getBufferedTimeline();
        List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
        log.info("startup trace: {} steps", events.size());
        events.stream().sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed()).limit(SHOWN)
                .forEach(e -> log.info("startup trace: {} ms {} {}", e.getDuration().toMillis(), e.getStartupStep().getName(),
                        tags(e.getStartupStep())));
        Map<String, Duration> byPackage = new HashMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            if (event.getStartupStep().getName().equals("spring.beans.instantiate")) {
                String bean = tag(event.getStartupStep(), "beanName");
                byPackage.merge(packageOf(bean), exclusive(event, events), Duration::plus);
            }
        }
        byPackage.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(SHOWN)
                .forEach(e -> log.info("startup trace: beans of {}: {} ms", e.getKey(), e.getValue().toMillis()));
    }

    /** A bean's own time: its step less the steps of the beans it created on the way. */
    private static Duration exclusive(StartupTimeline.TimelineEvent event, List<StartupTimeline.TimelineEvent> events) {
        long id = event.getStartupStep().getId();
        Duration children = events.stream()
                .filter(e -> e.getStartupStep().getParentId() != null && e.getStartupStep().getParentId() == id)
                .map(StartupTimeline.TimelineEvent::getDuration).reduce(Duration.ZERO, Duration::plus);
        Duration own = event.getDuration().minus(children);
        return own.isNegative() ? Duration.ZERO : own;
    }

    private static String packageOf(String bean) {
        if (bean == null) {
            return "?";
        }
        String name = bean.contains(".") ? bean : "(named) " + bean;
        String[] parts = name.split("\\.");
        return parts.length <= 4 ? name : String.join(".", List.of(parts).subList(0, 4));
    }

    private static String tag(StartupStep step, String key) {
        return StreamSupport.stream(step.getTags().spliterator(), false).filter(t -> t.getKey().equals(key))
                .map(StartupStep.Tag::getValue).findFirst().orElse(null);
    }

    private static String tags(StartupStep step) {
        return String.join(" ", StreamSupport.stream(step.getTags().spliterator(), false)
                .map(t -> t.getKey() + "=" + t.getValue()).toList());
    }
}
