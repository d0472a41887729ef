package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.dispotify.ring.sim.FaultPlan.Fault;
import org.dispotify.ring.sim.Scenario.FaultKind;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingSnapshot;

/**
 * Runs one {@link Scenario}: starts the nodes as `dispotify up` does (each in its join-order role, all
 * within a few seconds), plays the seed's {@link FaultPlan}, watches when the members hold one view,
 * and hands what happened to {@link Checks} and {@link Figures}. Everything runs on one thread in
 * virtual time, so the same seed gives the same run, event for event.
 */
public final class Simulation {

    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long NAME_TTL = 10 * SECOND;
    private static final long SAMPLE = 100 * MILLI;

    private final Scenario scenario;
    private final RingProperties properties;
    private final VirtualTime time = new VirtualTime();
    private final SplittableRandom random;
    private final Network network;
    private final NameService names;
    private final Trace trace = new Trace();
    private final Map<String, SimProcess> processes = new LinkedHashMap<>();
    private final Map<RingSnapshot, Long> viewKeys = new IdentityHashMap<>();
    private final List<long[]> running = new ArrayList<>();
    private FaultPlan plan;
    private long startConverged = -1;
    private long tailConverged = -1;
    private long[] quietTraffic;

    private Simulation(Scenario scenario) {
        this.scenario = scenario;
        this.properties = scenario.properties();
        this.random = new SplittableRandom(scenario.seed());
        this.network = new Network(time, random.split(), new RingCodec(properties.maxFrameBytes()),
                LatencyModel.named(scenario.latency()));
        this.names = new NameService(time, random.split(), NAME_TTL);
    }

    /** Runs {@code scenario} to its end and checks it. */
    public static Outcome run(Scenario scenario) {
        return run(scenario, line -> { });
    }

    /** Runs {@code scenario}, telling {@code progress} every 10 simulated seconds how far it got. */
    public static Outcome run(Scenario scenario, java.util.function.Consumer<String> progress) {
        Simulation simulation = new Simulation(scenario);
        simulation.progress = progress;
        return simulation.run();
    }

    private java.util.function.Consumer<String> progress = line -> { };

    private Outcome run() {
        long began = System.nanoTime();
        Logs.Captured warnings = Logs.capture();
        time.nameThreadAfterTime(warnings.verbose());
        try {
            network.loss(scenario.loss());
            startNodes();
            SplittableRandom planRandom = random.split();
            plan = FaultPlan.draw(scenario, List.copyOf(processes.keySet()), planRandom);
            plan.faults().forEach(this::schedule);
            long end = scenario.length().toNanos();
            long quietFrom = end - 10 * SECOND;
            time.at(quietFrom, () -> quietTraffic = new long[] {network.traffic().messages(), network.traffic().bytes()});
            for (long t = SAMPLE; t <= end; t += SAMPLE) {
                long at = t;
                time.at(at, () -> sample(at));
            }
            for (long t = 10 * SECOND; t < end; t += 10 * SECOND) {
                long at = t;
                time.at(at, () -> progress.accept(String.format("  ... %d s simulated, %.0f s wall, %d events, %d messages",
                        at / SECOND, (System.nanoTime() - began) / 1e9, time.ran(), network.traffic().messages())));
            }
            time.runUntil(end);
            long wall = System.nanoTime() - began;
            Observed observed = new Observed(scenario, plan, trace, network.traffic(), processes, startConverged,
                    tailConverged, quietTraffic, running, warnings.messages(), time.ran());
            return new Outcome(scenario, Checks.of(observed), Figures.of(observed, wall), trace.hash());
        } finally {
            warnings.close();
        }
    }

    private void startNodes() {
        int data = 0;
        for (int i = 0; i < scenario.nodes(); i++) {
            Role role = RoleRatio.roleForNewcomer(data, i - data);
            data += role == Role.DATA ? 1 : 0;
            String id = "n" + String.format("%04d", i);
            SimProcess process = new SimProcess(id, 20_000 + i, role, false, time, network, names, properties, trace,
                    random.nextLong());
            processes.put(id, process);
            long at = (long) (random.nextDouble() * Scenario.startSpread(scenario.nodes()).toNanos());
            long ringDelay = (long) (random.nextDouble() * 200 * MILLI);
            time.at(at, () -> process.start(role, ringDelay));
        }
    }

    private void schedule(Fault fault) {
        switch (fault.kind()) {
            case CRASH -> {
                String victim = fault.subjects().get(0);
                at(fault.at(), victim, p -> {
                    if (p.listening()) {
                        boolean known = heldLiveByAnother(p);
                        long generation = p.generation();
                        p.crash(known);
                        if (known) {
                            time.after(Checks.detectionBound(properties), () -> stillHeldLive(p, generation));
                        }
                    }
                });
                if (fault.comesBack()) {
                    at(fault.until(), victim, this::restart);
                }
            }
            case LEAVE -> {
                String victim = fault.subjects().get(0);
                at(fault.at(), victim, p -> {
                    if (p.running()) {
                        p.leave();
                    }
                });
                if (fault.comesBack()) {
                    at(fault.until(), victim, this::restart);
                }
            }
            case PAUSE, LONG_PAUSE -> at(fault.at(), fault.subjects().get(0), p -> {
                if (p.running()) {
                    p.pause();
                    time.at(fault.until(), p::resume);
                }
            });
            case PARTITION -> {
                List<String> side = fault.subjects();
                time.at(fault.at(), () -> {
                    trace.fact(time.now(), Trace.Fact.PARTITIONED, String.join(",", side), "");
                    for (String a : side) {
                        for (String b : processes.keySet()) {
                            if (!side.contains(b)) {
                                network.cut(a, b);
                                network.cut(b, a);
                            }
                        }
                    }
                });
                time.at(fault.until(), () -> {
                    network.healAll();
                    trace.fact(time.now(), Trace.Fact.HEALED, String.join(",", side), "");
                });
            }
            case ONE_WAY -> {
                String victim = fault.subjects().get(0);
                time.at(fault.at(), () -> {
                    trace.fact(time.now(), Trace.Fact.PARTITIONED, victim, "one way");
                    processes.keySet().stream().filter(b -> !b.equals(victim)).forEach(b -> network.cut(victim, b));
                });
                time.at(fault.until(), () -> {
                    processes.keySet().stream().filter(b -> !b.equals(victim)).forEach(b -> network.heal(victim, b));
                    trace.fact(time.now(), Trace.Fact.HEALED, victim, "one way");
                });
            }
            case LOSS -> {
                time.at(fault.at(), () -> {
                    network.loss(scenario.loss() + fault.amount());
                    trace.fact(time.now(), Trace.Fact.LOSS, "all", Double.toString(fault.amount()));
                });
                time.at(fault.until(), () -> {
                    network.loss(scenario.loss());
                    trace.fact(time.now(), Trace.Fact.LOSS, "all", "back to " + scenario.loss());
                });
            }
            case DUPLICATE -> {
                time.at(fault.at(), () -> {
                    network.duplication(fault.amount());
                    trace.fact(time.now(), Trace.Fact.LOSS, "duplication", Double.toString(fault.amount()));
                });
                time.at(fault.until(), () -> network.duplication(0));
            }
            case REORDER -> {
                time.at(fault.at(), () -> {
                    network.reordering(true);
                    trace.fact(time.now(), Trace.Fact.LOSS, "reordering", "until " + fault.until() / 1_000_000 + " ms");
                });
                time.at(fault.until(), () -> network.reordering(false));
            }
            case DELAY -> {
                time.at(fault.at(), () -> {
                    network.extraDelay((long) fault.amount());
                    trace.fact(time.now(), Trace.Fact.LOSS, "delay", (long) fault.amount() / 1_000_000 + " ms");
                });
                time.at(fault.until(), () -> network.extraDelay(0));
            }
            case CLOCK_JUMP -> at(fault.at(), fault.subjects().get(0), p -> {
                if (p.listening()) {
                    p.jumpClock((long) fault.amount());
                }
            });
            case NAME_SERVICE -> {
                time.at(fault.at(), () -> {
                    names.down(true);
                    trace.fact(time.now(), Trace.Fact.NAME_SERVICE, "down", "");
                });
                time.at(fault.until(), () -> {
                    names.down(false);
                    trace.fact(time.now(), Trace.Fact.NAME_SERVICE, "up", "");
                });
            }
            case JOIN -> {
                String id = fault.subjects().get(0);
                int port = 30_000 + Integer.parseInt(id.substring(1));
                time.at(fault.at(), () -> {
                    Role role = RoleRatio.roleForNewcomer(names.count(Role.DATA), names.count(Role.ROUTER));
                    SimProcess newcomer = new SimProcess(id, port, role, false, time, network, names, properties,
                            trace, random.nextLong());
                    processes.put(id, newcomer);
                    newcomer.start(role, 100 * MILLI);
                });
            }
            default -> throw new IllegalStateException(fault.kind().name());
        }
    }

    /** Does {@code action} to the process {@code id} at {@code atNanos}, if it exists by then (a joiner may not). */
    private void at(long atNanos, String id, java.util.function.Consumer<SimProcess> action) {
        time.at(atNanos, () -> {
            SimProcess process = processes.get(id);
            if (process != null) {
                action.accept(process);
            }
        });
    }

    /** A crashed member that has not restarted should be dead in every running member's view by now. */
    private void stillHeldLive(SimProcess crashed, long generation) {
        if (crashed.listening() || crashed.generation() != generation) {
            return;
        }
        List<String> holders = new ArrayList<>();
        for (SimProcess other : processes.values()) {
            RingSnapshot view = other.running() ? other.view() : null;
            if (view != null && view.members().stream().anyMatch(m -> m.nodeId().equals(crashed.id())
                    && !m.status().equals("DEAD"))) {
                holders.add(other.id());
            }
        }
        if (!holders.isEmpty()) {
            trace.fact(time.now(), Trace.Fact.STILL_HELD_LIVE, crashed.id(), String.join(",", holders));
        }
    }

    /** Whether some other running member holds {@code process} live: only then can anyone notice its crash. */
    private boolean heldLiveByAnother(SimProcess process) {
        for (SimProcess other : processes.values()) {
            RingSnapshot view = other == process || !other.running() ? null : other.view();
            if (view != null && view.members().stream().anyMatch(m -> m.nodeId().equals(process.id())
                    && !m.status().equals("DEAD"))) {
                return true;
            }
        }
        return false;
    }

    /** A restarted auto node picks its role from the name service's counts, as `dispotify node --role auto` does. */
    private void restart(SimProcess process) {
        if (process.listening()) {
            return;
        }
        Role role = RoleRatio.roleForNewcomer(names.count(Role.DATA), names.count(Role.ROUTER));
        process.start(role, 100 * MILLI);
    }

    private void sample(long at) {
        if (at % SECOND == 0) {
            running.add(new long[] {at, processes.values().stream().filter(SimProcess::listening).count()});
        }
        boolean startOpen = startConverged < 0 && at < scenario.faultsFrom().toNanos();
        boolean tailOpen = tailConverged < 0 && at >= plan.lastEnd() && at >= scenario.faultsFrom().toNanos();
        if ((startOpen || tailOpen) && oneView()) {
            if (startOpen) {
                startConverged = at;
            } else {
                tailConverged = at;
            }
        }
    }

    /**
     * Every running process is a member and sees exactly the running processes, all ALIVE: one view.
     * Views are compared by a key built once per snapshot (a snapshot is replaced on every change).
     */
    private boolean oneView() {
        List<SimProcess> up = processes.values().stream().filter(SimProcess::running).toList();
        if (up.isEmpty() || up.size() != processes.values().stream().filter(SimProcess::listening).count()) {
            return false;
        }
        if (viewKeys.size() > 4 * processes.size()) {
            viewKeys.clear();
        }
        long expected = up.size();
        for (SimProcess process : up) {
            expected += spread(process.id());
        }
        for (SimProcess process : up) {
            RingSnapshot view = process.view();
            if (view == null || view.predecessor() == null && up.size() > 1) {
                return false;
            }
            if (viewKeys.computeIfAbsent(view, Simulation::key) != expected) {
                return false;
            }
        }
        return true;
    }

    /** The count of a view's ALIVE members plus a hash of their ids (order-free); -1 if a live member is SUSPECT. */
    private static long key(RingSnapshot view) {
        long key = 0;
        for (MemberView member : view.members()) {
            if (member.status().equals("ALIVE")) {
                key += 1 + spread(member.nodeId());
            } else if (member.status().equals("SUSPECT")) {
                return -1;
            }
        }
        return key;
    }

    private static long spread(String id) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        return (h ^ (h >>> 32)) & 0x3FFFFFFFFFFFL;
    }

    /** Everything a run produced, for the checks and the figures. */
    record Observed(Scenario scenario, FaultPlan plan, Trace trace, Traffic traffic, Map<String, SimProcess> processes,
            long startConverged, long tailConverged, long[] quietTraffic, List<long[]> running, List<String> warnings,
            long tasks) {
    }

    /** The checks, the figures, and the trace hash of one run. */
    public record Outcome(Scenario scenario, List<Checks.Violation> violations, Figures figures, long traceHash) {

        public boolean passed() {
            return violations.isEmpty();
        }
    }

    static boolean faultKindIn(Scenario scenario, FaultKind kind) {
        return scenario.faults().contains(kind);
    }
}
