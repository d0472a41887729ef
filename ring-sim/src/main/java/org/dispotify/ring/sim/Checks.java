package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.sim.FaultPlan.Fault;
import org.dispotify.ring.sim.Scenario.FaultKind;
import org.dispotify.ring.sim.Simulation.Observed;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.walk.ImbalancePolicy;

/**
 * The ring's properties, checked on every run. Each bound comes from the ring's own timers, so a
 * violation is a bug in the ring, never a threshold to loosen:
 * <ol>
 * <li><b>no false dead</b>: a member is declared dead only if, within the time a verdict takes, it
 * crashed, left, was paused for longer than 2 s in all, or was cut off, or the loss on the network
 * exceeded 10 %; pauses of up to 2 s and loss up to 10 % kill no one;</li>
 * <li><b>crashes are found</b>: a member that crashed while another member held it live, and stayed down, is
 * dead in every running member's view within two probe intervals plus the suspicion timeout (and a
 * second for the news to spread);</li>
 * <li><b>one view</b>: once faults stop, every running member sees exactly the running members, all
 * ALIVE, within {@link #convergenceBound} (a partition's minority must be listed in the name service
 * again, found by discovery, told it was declared dead and rejoin);</li>
 * <li><b>roles</b>: at the end, the roles are within the ratio's band, and no member switched in the
 * last ten seconds (no flapping); nodes started together in their join-order roles switch none before
 * the faults begin (no needless switch at start);</li>
 * <li><b>walks end</b>: every walk started comes back, yields to a lower walk, or is given up within its
 * budget (its initiator may also crash);</li>
 * <li><b>one switch per deficit</b>: no imbalance gets more switches than it asked for;</li>
 * <li><b>load</b>: in the quiet end, a member sends at most {@link #loadBound} messages a second
 * (probes and acks are four; the bound does not grow with the ring);</li>
 * <li><b>no errors</b>: the ring logged no failure to handle a message, and sent no message larger than
 * a frame.</li>
 * </ol>
 */
public final class Checks {

    /** A property a run broke, with what showed it. */
    public record Violation(String property, String detail) {
        @Override
        public String toString() {
            return property + ": " + detail;
        }
    }

    private static final long SECOND = 1_000_000_000L;
    /** A pause this long in all kills no one (issue 7: a 2 s SIGSTOP is survived), whatever the timers say. */
    static final long PAUSE_SURVIVED = 2 * SECOND;
    private static final Pattern SWITCH_FOR = Pattern.compile(" for imbalance (\\S+)$");
    private static final Pattern NEEDS = Pattern.compile("^(\\S+) needs (\\d+) ");

    private Checks() {
    }

    static List<Violation> of(Observed run) {
        List<Violation> out = new ArrayList<>();
        noFalseDead(run, out);
        crashesFound(run, out);
        oneView(run, out);
        roles(run, out);
        walksEnd(run, out);
        oneSwitchPerDeficit(run, out);
        load(run, out);
        noErrors(run, out);
        return List.copyOf(out);
    }

    /** How long after faults stop the members must hold one view. */
    public static long convergenceBound(RingProperties p, long nameTtl) {
        return nameTtl / 3 + 2 * p.discoveryInterval().toNanos() + p.suspicionTimeout().toNanos()
                + 4 * p.probeInterval().toNanos();
    }

    /**
     * The most messages a member may send a second once faults have stopped: per probe interval, a probe and
     * an ack, and when probes are lost, the direct retry and a ping-req to each helper with the relayed ping,
     * its ack and the indirect ack, plus two for gossip and syncs. A constant: it does not grow with the ring.
     */
    public static double loadBound(RingProperties p) {
        return (2 + 1 + 4 * p.indirectProbes() + 2) * SECOND / (double) p.probeInterval().toNanos();
    }

    /** How long a verdict may look back: a probe interval to notice, one to suspect, the suspicion timeout. */
    static long verdictWindow(RingProperties p) {
        return 2 * p.probeInterval().toNanos() + p.suspicionTimeout().toNanos() + SECOND / 2;
    }

    private static void noFalseDead(Observed run, List<Violation> out) {
        for (Trace.Event event : falseVerdicts(run)) {
            out.add(new Violation("no false dead", event.observer() + " declared " + event.subject() + " dead at "
                    + seconds(event.at()) + " (" + event.detail() + ") with no crash, long pause, cut or loss over 10 %"));
        }
    }

    /**
     * Own dead verdicts that nothing excuses. A verdict on a member that was rightly declared dead before and
     * has not rejoined since is about an incarnation the ring already buried (a member that resurrected it from
     * a stale list convicts it again while it rejoins): not a new verdict.
     */
    static List<Trace.Event> falseVerdicts(Observed run) {
        long window = verdictWindow(run.scenario().properties());
        List<Trace.Event> out = new ArrayList<>();
        java.util.Set<String> buried = new java.util.HashSet<>();
        for (Trace.Event event : run.trace().events()) {
            if (event.type() == RingEvent.Type.JOINED && event.observer().equals(event.subject())) {
                buried.remove(event.subject());
                continue;
            }
            if (event.type() != RingEvent.Type.DEAD || !event.detail().startsWith("silent for")) {
                continue;
            }
            if (buried.contains(event.subject())
                    || excused(run, event.observer(), event.subject(), event.at() - window, event.at())) {
                buried.add(event.subject());
            } else {
                out.add(event);
            }
        }
        return out;
    }

    /** Whether something in [from, to] made {@code subject} legitimately dead (or silent) to {@code observer}. */
    static boolean excused(Observed run, String observer, String subject, long from, long to) {
        RingProperties p = run.scenario().properties();
        if (run.scenario().loss() > 0.10) {
            return true;
        }
        long paused = 0;
        for (Trace.Done done : run.trace().facts()) {
            if (done.at() > to) {
                break;
            }
            boolean about = done.subject().equals(subject);
            switch (done.fact()) {
                case CRASHED, LEFT -> {
                    if (about && done.at() >= from - window(p)) {
                        return true;
                    }
                }
                case STARTED -> {
                    // A new process on its port: the ring is right to bury the old incarnation.
                    if (about && done.detail().endsWith("restart") && done.at() >= from - window(p)) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        for (Fault fault : run.plan().faults()) {
            long end = Math.max(fault.at(), fault.until());
            if (end < from || fault.at() > to) {
                continue;
            }
            switch (fault.kind()) {
                case PARTITION -> {
                    boolean subjectInside = fault.subjects().contains(subject);
                    boolean observerInside = fault.subjects().contains(observer);
                    if (subjectInside != observerInside || subjectInside) {
                        return true;
                    }
                }
                case ONE_WAY -> {
                    if (fault.subjects().contains(subject) || fault.subjects().contains(observer)) {
                        return true;
                    }
                }
                case LOSS -> {
                    if (run.scenario().loss() + fault.amount() > 0.10) {
                        return true;
                    }
                }
                case LONG_PAUSE, CRASH, LEAVE -> {
                    if (fault.subjects().contains(subject)) {
                        return true;
                    }
                }
                case PAUSE -> {
                    if (fault.subjects().contains(subject)) {
                        paused += Math.min(fault.until(), to) - Math.max(fault.at(), from);
                    }
                }
                default -> { }
            }
        }
        return paused > PAUSE_SURVIVED;
    }

    private static long window(RingProperties p) {
        return verdictWindow(p);
    }

    /** How long after a crash every member must hold the crashed member dead. */
    public static long detectionBound(RingProperties p) {
        return 2 * p.probeInterval().toNanos() + p.suspicionTimeout().toNanos() + SECOND;
    }

    private static void crashesFound(Observed run, List<Violation> out) {
        long bound = detectionBound(run.scenario().properties());
        for (Trace.Done late : run.trace().facts()) {
            if (late.fact() != Trace.Fact.STILL_HELD_LIVE || alone(run, late.at())
                    || cutOffAround(run, late.subject(), late.at() - bound, late.at())) {
                continue;
            }
            out.add(new Violation("crashes are found", late.subject() + " crashed at " + seconds(late.at() - bound)
                    + " and " + late.detail() + " still held it live " + bound / 1_000_000 + " ms later"));
        }
    }

    /** The crashed member had no live neighbour able to notice (everyone else down) at that time. */
    private static boolean alone(Observed run, long at) {
        long up = run.running().stream().filter(r -> r[0] <= at).mapToLong(r -> r[1]).reduce((a, b) -> b).orElse(2);
        return up <= 1;
    }

    /** A partition or one-way cut around the crash: the detectors on the other side cannot tell, fine. */
    private static boolean cutOffAround(Observed run, String subject, long from, long to) {
        return run.plan().faults().stream().anyMatch(f -> (f.kind() == FaultKind.PARTITION
                || f.kind() == FaultKind.ONE_WAY || f.kind() == FaultKind.LONG_PAUSE) && f.at() <= to
                && Math.max(f.at(), f.until()) >= from);
    }

    private static void oneView(Observed run, List<Violation> out) {
        long bound = convergenceBound(run.scenario().properties(), 10 * SECOND);
        long settled = Math.max(run.plan().lastEnd(), run.scenario().faultsFrom().toNanos());
        if (run.tailConverged() < 0) {
            out.add(new Violation("one view", "the members held no single view by the end, " + seconds(
                    run.scenario().length().toNanos() - settled) + " after the faults stopped at " + seconds(settled)));
        } else if (run.tailConverged() - settled > bound) {
            out.add(new Violation("one view", "one view " + (run.tailConverged() - settled) / 1_000_000
                    + " ms after the faults stopped, over the bound of " + bound / 1_000_000 + " ms"));
        }
    }

    private static void roles(Observed run, List<Violation> out) {
        int data = 0;
        int routers = 0;
        for (SimProcess process : run.processes().values()) {
            if (process.running()) {
                if (process.role() == Role.DATA) {
                    data++;
                } else {
                    routers++;
                }
            }
        }
        if (data + routers > 0 && ImbalancePolicy.evaluate(data, routers).isPresent()) {
            out.add(new Violation("roles in ratio", "at the end " + data + " data and " + routers + " routers"));
        }
        long lastQuiet = run.scenario().length().toNanos() - 10 * SECOND;
        long faultsFrom = run.scenario().faultsFrom().toNanos();
        for (Trace.Event event : run.trace().events()) {
            if (event.type() != RingEvent.Type.ROLE_SWITCHED || !event.observer().equals(event.subject())) {
                continue;
            }
            if (event.at() >= lastQuiet) {
                out.add(new Violation("no flapping", event.subject() + " switched (" + event.detail() + ") at "
                        + seconds(event.at()) + ", in the quiet last ten seconds"));
            }
            if (event.at() < faultsFrom && !startDisturbed(run)) {
                out.add(new Violation("no needless switch at start", event.subject() + " switched (" + event.detail()
                        + ") at " + seconds(event.at()) + ", before any fault, after starting in its join-order role"));
            }
        }
    }

    /** Loss on every link from the start disturbs joins and counts (a walk may miss a member): not a clean start. */
    private static boolean startDisturbed(Observed run) {
        return run.scenario().loss() > 0;
    }

    private static void walksEnd(Observed run, List<Violation> out) {
        RingProperties p = run.scenario().properties();
        long budget = p.hopTimeout().toNanos() * 3 * (p.walkSegment() + 3) + SECOND;
        Map<String, Trace.Event> started = new LinkedHashMap<>();
        Map<String, Long> ended = new HashMap<>();
        for (Trace.Event event : run.trace().events()) {
            String id = event.detail().split(" ", 2)[0];
            switch (event.type()) {
                case WALK_STARTED -> started.put(id, event);
                case WALK_FINISHED, WALK_ABANDONED -> ended.putIfAbsent(id, event.at());
                default -> { }
            }
        }
        long end = run.scenario().length().toNanos();
        for (Map.Entry<String, Trace.Event> walk : started.entrySet()) {
            Trace.Event start = walk.getValue();
            Long at = ended.get(walk.getKey());
            long deadline = start.at() + budget;
            if (at != null && at <= deadline || at == null && deadline > end) {
                continue;
            }
            if (stoppedBetween(run, start.observer(), start.at(), at == null ? deadline : at)) {
                continue;
            }
            out.add(new Violation("walks end", "walk " + walk.getKey() + " (" + start.detail() + ") started at "
                    + seconds(start.at()) + (at == null ? " never ended" : " ended only at " + seconds(at))));
        }
    }

    private static boolean stoppedBetween(Observed run, String node, long from, long to) {
        return run.trace().facts().stream().anyMatch(f -> f.subject().equals(node) && f.at() >= from && f.at() <= to
                && (f.fact() == Trace.Fact.CRASHED || f.fact() == Trace.Fact.LEFT || f.fact() == Trace.Fact.PAUSED
                        || f.fact() == Trace.Fact.CLOCK_JUMPED));
    }

    private static void oneSwitchPerDeficit(Observed run, List<Violation> out) {
        Map<String, Integer> needed = new HashMap<>();
        Map<String, List<String>> switched = new LinkedHashMap<>();
        for (Trace.Event event : run.trace().events()) {
            if (event.type() == RingEvent.Type.IMBALANCE) {
                Matcher m = NEEDS.matcher(event.detail());
                if (m.find()) {
                    needed.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
                }
            } else if (event.type() == RingEvent.Type.ROLE_SWITCHED && event.observer().equals(event.subject())) {
                Matcher m = SWITCH_FOR.matcher(event.detail());
                if (m.find()) {
                    switched.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(event.subject());
                }
            }
        }
        switched.forEach((deficit, who) -> {
            int asked = needed.getOrDefault(deficit, 0);
            if (who.size() > asked) {
                out.add(new Violation("one switch per deficit", "imbalance " + deficit + " asked for " + asked
                        + " switch(es); " + who + " switched"));
            }
        });
    }

    private static void load(Observed run, List<Violation> out) {
        double rate = Figures.quietRate(run)[0];
        double bound = loadBound(run.scenario().properties());
        if (rate > bound) {
            out.add(new Violation("load", String.format("%.2f messages per member per second in the quiet end, over %.1f",
                    rate, bound)));
        }
    }

    private static void noErrors(Observed run, List<Violation> out) {
        run.warnings().forEach(w -> out.add(new Violation("no errors", w)));
        if (run.traffic().misdecoded() > 0) {
            out.add(new Violation("no errors", run.traffic().misdecoded() + " frame(s) decoded to another message"));
        }
        if (run.traffic().oversize() > 0) {
            out.add(new Violation("no errors", run.traffic().oversize() + " message(s) larger than a frame were not sent"));
        }
    }

    static String seconds(long nanos) {
        return String.format("%.3f s", nanos / 1e9);
    }
}
