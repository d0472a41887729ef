package org.dispotify.node.harness;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ring events read back from the nodes' log files (one line per ring event, DESIGN.md), with the
 * log's millisecond timestamps: verdicts, what each member heard, role switches, walks.
 */
public final class RingLog {

    public enum Kind { SUSPECTS, DECLARES_DEAD, HEARS_DEAD, SEES_LEAVE, ROLE_SWITCHED, WALK_STARTED, WALK_FINISHED, REJOINING, REFUTES, PAUSED }

    /** One ring event: {@code node} is the member that logged it, {@code subject} whom it is about. */
    public record Event(Instant at, Kind kind, String node, String subject, String line) {
    }

    private static final Pattern TIME = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) ");
    private static final List<Rule> RULES = List.of(
            new Rule(Kind.SUSPECTS, Pattern.compile("ring: (\\S+) suspects (\\S+):")),
            new Rule(Kind.DECLARES_DEAD, Pattern.compile("ring: (\\S+) declares (\\S+) \\(\\w+\\) DEAD")),
            new Rule(Kind.HEARS_DEAD, Pattern.compile("ring: (\\S+) hears that (\\S+) is dead")),
            new Rule(Kind.SEES_LEAVE, Pattern.compile("ring: (\\S+) sees (\\S+) leave the ring")),
            new Rule(Kind.ROLE_SWITCHED, Pattern.compile("ring: (\\S+) switched role (\\S+ -> \\S+)")),
            new Rule(Kind.WALK_STARTED, Pattern.compile("ring: (\\S+) starts alert walk (\\S+)")),
            new Rule(Kind.WALK_FINISHED, Pattern.compile("ring: alert walk (\\S+) \\(.*\\) finished at (\\S+) ")),
            new Rule(Kind.REJOINING, Pattern.compile("ring: (\\S+) was declared dead by the ring()")),
            new Rule(Kind.REFUTES, Pattern.compile("ring: (\\S+) refutes a suspicion of itself()")),
            new Rule(Kind.PAUSED, Pattern.compile("ring: (\\S+) was paused for (\\d+) ms")));

    private record Rule(Kind kind, Pattern pattern) {
    }

    private RingLog() {
    }

    /** Every ring event in {@code lines}, in order. Timestamps are taken as today's, local time. */
    public static List<Event> parse(List<String> lines) {
        List<Event> events = new ArrayList<>();
        LocalDate today = LocalDate.now();
        for (String line : lines) {
            Matcher time = TIME.matcher(line);
            if (!time.find() || !line.contains("ring: ")) {
                continue;
            }
            for (Rule rule : RULES) {
                Matcher m = rule.pattern.matcher(line);
                if (m.find()) {
                    Optional<Instant> at = instant(today, time.group(1));
                    if (at.isPresent()) {
                        boolean walkFinished = rule.kind == Kind.WALK_FINISHED;
                        events.add(new Event(at.get(), rule.kind, walkFinished ? m.group(2) : m.group(1),
                                walkFinished ? m.group(1) : m.group(2), line));
                    }
                    break;
                }
            }
        }
        return events;
    }

    /** Events of every node in the cluster (all JVMs it ever started), sorted by time. */
    public static List<Event> of(Cluster cluster) {
        List<Event> all = new ArrayList<>();
        cluster.nodeJvms().forEach(jvm -> all.addAll(parse(jvm.lines())));
        all.sort(Comparator.comparing(Event::at));
        return all;
    }

    public static List<Event> since(List<Event> events, Instant from, Kind kind) {
        return events.stream().filter(e -> e.kind() == kind && !e.at().isBefore(from)).toList();
    }

    private static Optional<Instant> instant(LocalDate day, String time) {
        try {
            Instant at = LocalDateTime.of(day, LocalTime.parse(time)).atZone(ZoneId.systemDefault()).toInstant();
            // A line logged just before midnight and read just after it.
            return Optional.of(at.isAfter(Instant.now().plusSeconds(3600)) ? at.minusSeconds(86_400) : at);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
