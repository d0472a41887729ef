package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.dispotify.ring.sim.Scenario.FaultKind;

/**
 * The faults of one run, drawn from its seed before it starts: each fault has a kind, a start, an end
 * and the nodes it touches. Faults come every few seconds during the fault phase and all end before
 * the quiet tail. The plan keeps a majority of the nodes up at every moment (crashed, left or paused
 * longer than the suspicion timeout count as down), so the ring always has a side that may act.
 *
 * @param faults in order of start
 */
public record FaultPlan(List<Fault> faults) {

    /**
     * One fault.
     *
     * @param subjects the nodes it touches (for a partition: the smaller side)
     * @param amount   how much: a loss or duplication rate, a delay or clock jump in nanoseconds
     * @param comesBack whether a crashed or departed node starts again at {@code until}
     */
    public record Fault(FaultKind kind, long at, long until, List<String> subjects, double amount, boolean comesBack) {
    }

    private static final long SECOND = 1_000_000_000L;

    /** Draws the faults of {@code scenario} for the nodes {@code ids} (more may join: named {@code joinId(k)}). */
    public static FaultPlan draw(Scenario scenario, List<String> ids, SplittableRandom random) {
        List<Fault> faults = new ArrayList<>();
        if (scenario.faults().isEmpty()) {
            return new FaultPlan(faults);
        }
        List<FaultKind> kinds = new ArrayList<>(new TreeSet<>(scenario.faults()));
        long from = scenario.faultsFrom().toNanos();
        long until = scenario.faultsUntil().toNanos();
        int maxDown = Math.max(0, (ids.size() - 1) / 2);
        List<long[]> outIntervals = new ArrayList<>();
        List<String> outNodes = new ArrayList<>();
        List<String> everyone = new ArrayList<>(ids);
        long[] exclusiveUntil = new long[FaultKind.values().length];
        int joined = 0;
        long t = from + (long) (random.nextDouble() * 2 * SECOND);
        while (t < until - SECOND) {
            FaultKind kind = kinds.get(random.nextInt(kinds.size()));
            long start = t;
            t += SECOND + (long) (random.nextDouble() * 5 * SECOND);
            if (start < exclusiveUntil[kind.ordinal()]) {
                continue;
            }
            switch (kind) {
                case CRASH, LEAVE, LONG_PAUSE -> {
                    String victim = pickUp(everyone, outNodes, outIntervals, start, maxDown, random);
                    if (victim == null) {
                        continue;
                    }
                    long length = kind == FaultKind.LONG_PAUSE ? between(random, 2_500, 8_000) : between(random, 1_000, 20_000);
                    long end = Math.min(until - SECOND / 2, start + length);
                    boolean back = kind == FaultKind.LONG_PAUSE || random.nextDouble() < 0.8;
                    long outUntil = back ? end : until + 3600 * SECOND;
                    outNodes.add(victim);
                    outIntervals.add(new long[] {start, outUntil});
                    faults.add(new Fault(kind, start, back ? end : start, List.of(victim), 0, back));
                }
                case PAUSE -> {
                    String victim = pickUp(everyone, outNodes, outIntervals, start, Integer.MAX_VALUE, random);
                    if (victim != null) {
                        long end = start + between(random, 100, 2_000);
                        outNodes.add(victim);
                        outIntervals.add(new long[] {start, end});
                        faults.add(new Fault(kind, start, end, List.of(victim), 0, true));
                    }
                }
                case PARTITION -> {
                    if (everyone.size() < 2) {
                        continue;
                    }
                    List<String> shuffled = new ArrayList<>(everyone);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
                    int side = 1 + random.nextInt(Math.max(1, everyone.size() / 2));
                    long end = Math.min(until - SECOND / 2, start + between(random, 2_000, 15_000));
                    faults.add(new Fault(kind, start, end, List.copyOf(shuffled.subList(0, side)), 0, true));
                    exclusiveUntil[kind.ordinal()] = end;
                }
                case ONE_WAY -> {
                    String victim = everyone.get(random.nextInt(everyone.size()));
                    long end = Math.min(until - SECOND / 2, start + between(random, 2_000, 8_000));
                    faults.add(new Fault(kind, start, end, List.of(victim), 0, true));
                    exclusiveUntil[kind.ordinal()] = end;
                }
                case LOSS, DUPLICATE -> {
                    double rate = kind == FaultKind.LOSS ? 0.01 + random.nextDouble() * 0.09 : 0.01 + random.nextDouble() * 0.04;
                    long end = Math.min(until - SECOND / 2, start + between(random, 5_000, 20_000));
                    faults.add(new Fault(kind, start, end, List.of(), rate, true));
                    exclusiveUntil[kind.ordinal()] = end;
                }
                case REORDER, NAME_SERVICE -> {
                    long end = Math.min(until - SECOND / 2, start + between(random, 2_000, 15_000));
                    faults.add(new Fault(kind, start, end, List.of(), 0, true));
                    exclusiveUntil[kind.ordinal()] = end;
                }
                case DELAY -> {
                    long end = Math.min(until - SECOND / 2, start + between(random, 5_000, 20_000));
                    faults.add(new Fault(kind, start, end, List.of(), (double) between(random, 5, 80), true));
                    exclusiveUntil[kind.ordinal()] = end;
                }
                case CLOCK_JUMP -> {
                    String victim = everyone.get(random.nextInt(everyone.size()));
                    faults.add(new Fault(kind, start, start, List.of(victim), (double) between(random, 100, 5_000), true));
                }
                case JOIN -> {
                    String newcomer = joinId(joined++);
                    everyone.add(newcomer);
                    maxDown = Math.max(0, (everyone.size() - 1) / 2);
                    faults.add(new Fault(kind, start, start, List.of(newcomer), 0, true));
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
        faults.sort(Comparator.comparingLong(Fault::at));
        return new FaultPlan(List.copyOf(faults));
    }

    /** The id of the {@code k}-th node that joins during the run. */
    public static String joinId(int k) {
        return "j" + String.format("%04d", k);
    }

    /** When the last fault ends. */
    public long lastEnd() {
        return faults.stream().mapToLong(f -> Math.max(f.at(), f.until())).max().orElse(0);
    }

    private static String pickUp(List<String> everyone, List<String> outNodes, List<long[]> outIntervals, long at,
            int maxDown, SplittableRandom random) {
        Set<String> down = new TreeSet<>();
        for (int i = 0; i < outNodes.size(); i++) {
            long[] interval = outIntervals.get(i);
            // A node coming back needs a few seconds to rejoin: count it out a little longer.
            if (interval[0] <= at && at < interval[1] + 5 * SECOND) {
                down.add(outNodes.get(i));
            }
        }
        if (down.size() >= maxDown) {
            return null;
        }
        List<String> up = everyone.stream().filter(id -> !down.contains(id)).toList();
        return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
    }

    private static long between(SplittableRandom random, long minMillis, long maxMillis) {
        return (minMillis + (long) (random.nextDouble() * (maxMillis - minMillis))) * 1_000_000L;
    }
}
