package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The ring's logs during a simulation: quiet (a thousand members log a great deal), except that an
 * error the ring caught while handling a message ("could not handle") is kept, since it is a bug the
 * run must report. {@code dispotify.sim.log=info} keeps the ring's INFO lines too, for replaying a seed.
 */
final class Logs {

    private Logs() {
    }

    /** Captures the ring's warnings until closed; sets the ring's log level for the run. */
    static Captured capture() {
        Logger ring = (Logger) LoggerFactory.getLogger("org.dispotify.ring");
        Level before = ring.getLevel();
        String wanted = System.getProperty("dispotify.sim.log", "warn");
        ring.setLevel(Level.toLevel(wanted, Level.WARN));
        Captured captured = new Captured(ring, before, !wanted.equalsIgnoreCase("info") && !wanted.equalsIgnoreCase("debug"));
        captured.setContext(ring.getLoggerContext());
        captured.start();
        ring.addAppender(captured);
        return captured;
    }

    /** Handling errors the ring logged. */
    static final class Captured extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final Logger ring;
        private final Level before;
        private final boolean quiet;
        private final List<String> messages = new ArrayList<>();

        Captured(Logger ring, Level before, boolean quiet) {
            this.ring = ring;
            this.before = before;
            this.quiet = quiet;
            if (quiet) {
                ring.setAdditive(false);
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            String text = event.getFormattedMessage();
            if (event.getLevel().isGreaterOrEqual(Level.WARN) && text.contains("could not handle")) {
                messages.add(text + (event.getThrowableProxy() == null ? ""
                        : ": " + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage()));
            }
        }

        /** Whether the ring's INFO lines are kept (a replay), so log lines should show virtual time. */
        boolean verbose() {
            return !quiet;
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void close() {
            ring.detachAppender(this);
            ring.setLevel(before);
            if (quiet) {
                ring.setAdditive(true);
            }
            stop();
        }
    }
}
