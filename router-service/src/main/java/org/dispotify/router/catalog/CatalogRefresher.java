package org.dispotify.router.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingView;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.nodes.Song;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the merged catalog fresh: each refresh resolves the data group, reads each live node's list (in parallel,
 * each read bounded by timeouts; data nodes answer {@code 304} to an unchanged list) and publishes a new
 * {@link CatalogSnapshot} if anything changed. Refreshes follow a {@link RefreshPace}: every refresh interval while
 * the cluster changes, less and less often while it rests; an upload through this router and a ring event (a
 * member joined, died, left or switched roles) start one at once, and a request for a song the catalog does not
 * know starts one at the fast pace.
 *
 * <p>A node that fails to answer keeps its songs for {@code dropAfter}, so one lost request does not
 * make songs flicker out of listeners' lists; a node the name service no longer lists is dropped at
 * once. A slow node does not hold up the others: its read goes on in the background and is picked up
 * by a later refresh. Refreshes run one at a time.
 */
@Component
class CatalogRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogRefresher.class);
    /** Ring events after which the data group or a data node's songs may differ. */
    private static final Set<RingEvent.Type> MEMBERSHIP_CHANGES = EnumSet.of(RingEvent.Type.JOINED, RingEvent.Type.DEAD,
            RingEvent.Type.LEFT, RingEvent.Type.ROLE_SWITCHED);

    private final NameServiceClient names;
    private final NodeLister lister;
    private final SongCanon canon;
    private final RouterProperties.Catalog settings;
    private final ObjectProvider<CurrentRole> currentRole;

    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private final Map<String, Sinks.Empty<Void>> reading = new ConcurrentHashMap<>();
    /** Numbers songs in the order this router first saw them ("recently added"). */
    private final AtomicLong seenSequence = new AtomicLong();
    /** Numbers of the refreshes asked for, at once ({@code urgent}) or at the fast pace ({@code soon}). */
    private final AtomicLong asked = new AtomicLong();
    private final Sinks.Many<Long> urgent = Sinks.many().replay().latest();
    private final Sinks.Many<Long> soon = Sinks.many().replay().latest();
    private final Sinks.Many<Long> completed = Sinks.many().replay().latest();
    private final AtomicLong started = new AtomicLong();
    private final RefreshPace pace;
    /** The last request a refresh that has started answers, and when that refresh started (nanoTime). */
    private volatile long served;
    private volatile long lastStart = System.nanoTime();
    private List<String> lastMembers = List.of();
    private volatile CatalogSnapshot snapshot;
    private List<Object> lastSignature = List.of();
    private volatile Disposable loop;
    private volatile Disposable ringEvents;
    private volatile Scheduler builds;
    private final ObjectProvider<RingView> ring;

    CatalogRefresher(NameServiceClient names, NodeLister lister, SongCanon canon, RouterProperties properties,
                     ObjectProvider<CurrentRole> currentRole, ObjectProvider<RingView> ring) {
        this.names = names;
        this.lister = lister;
        this.canon = canon;
        this.settings = properties.catalog();
        this.currentRole = currentRole;
        this.ring = ring;
        this.pace = new RefreshPace(settings.refreshInterval(), settings.idleRefreshInterval());
    }

    /** The latest snapshot, or null before the first refresh finished. */
    CatalogSnapshot snapshot() {
        return snapshot;
    }

    /** Whether the node's latest list request succeeded. */
    boolean answering(String nodeId) {
        NodeState state = nodes.get(nodeId);
        return state != null && state.answering();
    }

    /** Starts a refresh now (or right after the one under way); completes once one that started after this call has finished, or after {@code wait}. */
    Mono<Void> refreshNow(Duration wait) {
        return ask(urgent, wait);
    }

    /**
     * Asks for a refresh no sooner than one refresh interval after the last one started, so that requests (say, for
     * unknown songs) can make the router read the data nodes no more often than while the cluster changes; completes
     * once a refresh that started after this call has finished, or after {@code wait}.
     */
    Mono<Void> refreshSoon(Duration wait) {
        return ask(soon, wait);
    }

    /** Asks for a refresh of {@code kind}; completes once one that started after the ask has finished, or after {@code wait}. */
    private Mono<Void> ask(Sinks.Many<Long> kind, Duration wait) {
        long target = started.get() + 1;
        ask(kind);
        return completed.asFlux().filter(n -> n >= target).next().then()
                .timeout(wait, Mono.empty());
    }

    private synchronized void ask(Sinks.Many<Long> kind) {
        kind.tryEmitNext(asked.incrementAndGet());
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        builds = Schedulers.newSingle("catalog-build", true);
        loop = Mono.defer(this::refresh)
                .onErrorResume(e -> {
                    log.warn("catalog refresh failed: {}", e.toString());
                    pace.changed();
                    return Mono.empty();
                })
                .then(Mono.defer(this::pause))
                .repeat()
                .subscribe();
        RingView view = ring.getIfAvailable();
        if (view != null) {
            ringEvents = view.events()
                    .filter(event -> MEMBERSHIP_CHANGES.contains(event.type()))
                    .subscribe(event -> {
                        pace.changed();
                        ask(urgent);
                    });
        }
    }

    /** Until the pace's pause has passed, or a refresh was asked for since the last one started. */
    private Mono<Void> pause() {
        long answered = served;
        Mono<Long> paced = Mono.delay(pace.pause());
        Mono<Long> now = urgent.asFlux().filter(n -> n > answered).next();
        Mono<Long> atFastPace = soon.asFlux().filter(n -> n > answered).next().flatMap(n -> Mono.delay(untilFastPace()));
        return Mono.firstWithSignal(paced, now, atFastPace).then();
    }

    private Duration untilFastPace() {
        Duration since = Duration.ofNanos(System.nanoTime() - lastStart);
        Duration left = settings.refreshInterval().minus(since);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
            if (ringEvents != null) {
                ringEvents.dispose();
                ringEvents = null;
            }
            builds.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private Mono<Void> refresh() {
        served = asked.get();
        lastStart = System.nanoTime();
        long number = started.incrementAndGet();
        if (!routerRoleActive()) {
            completed.tryEmitNext(number);
            return Mono.empty();
        }
        return names.resolve(Role.DATA.groupName())
                .map(members -> new Resolution(members, null))
                .onErrorResume(e -> Mono.just(new Resolution(List.of(), e.getMessage())))
                .flatMap(resolution -> {
                    List<Mono<Void>> reads = track(resolution.members()).stream().map(this::read).toList();
                    // Wait for the reads a while, not for ever: a slow node's read carries on alone.
                    return Mono.when(reads)
                            .timeout(settings.refreshInterval(), Mono.empty())
                            // Rebuilding 100,000 songs' orders and index takes CPU seconds under load:
                            // never on the event loop the last read completed on.
                            .then(Mono.fromRunnable(() -> {
                                if (publish(resolution)) {
                                    pace.changed();
                                } else {
                                    pace.unchanged();
                                }
                            }).subscribeOn(builds));
                })
                .doFinally(signal -> completed.tryEmitNext(number))
                .then();
    }

    private boolean routerRoleActive() {
        CurrentRole role = currentRole.getIfAvailable();
        return role == null || role.get() == Role.ROUTER;
    }

    /** Adds newly listed nodes, drops the ones the name service no longer lists. */
    private List<Member> track(List<Member> members) {
        Set<String> live = members.stream().map(Member::nodeId).collect(Collectors.toSet());
        nodes.keySet().removeIf(id -> !live.contains(id));
        for (Member member : members) {
            nodes.compute(member.nodeId(), (id, state) -> state == null ? NodeState.fresh(member) : state.withMember(member));
        }
        return members;
    }

    private Mono<Void> read(Member member) {
        Sinks.Empty<Void> running = reading.get(member.nodeId());
        if (running != null) {
            return running.asMono();
        }
        Sinks.Empty<Void> done = Sinks.empty();
        reading.put(member.nodeId(), done);
        NodeState before = nodes.get(member.nodeId());
        NodeListing previous = before == null ? null : before.listing();
        lister.list(member, previous)
                .doFinally(signal -> {
                    reading.remove(member.nodeId());
                    done.tryEmitEmpty();
                })
                .subscribe(
                        listing -> nodes.computeIfPresent(member.nodeId(), (id, state) -> {
                            if (!state.answering() && state.listing() != null) {
                                log.info("data node {} answers again", id);
                            }
                            return state.listed(listing);
                        }),
                        error -> nodes.computeIfPresent(member.nodeId(), (id, state) -> {
                            if (state.answering() || !state.asked()) {
                                log.warn("data node {} at {} did not list its songs: {}", id, member.baseUrl(), error.toString());
                            }
                            return state.failed();
                        }));
        return done.asMono();
    }

    /**
     * Publishes a new snapshot if anything changed; true if the cluster is not at rest (a change, an error, a node
     * that did not answer or whose read is still under way, a different data group).
     */
    private boolean publish(Resolution resolution) {
        List<String> members = resolution.members().stream().map(Member::nodeId).sorted().toList();
        boolean groupChanged = !members.equals(lastMembers);
        lastMembers = members;
        boolean unsettled = groupChanged || resolution.error() != null || !reading.isEmpty()
                || nodes.values().stream().anyMatch(state -> !state.answering());
        long now = System.nanoTime();
        long dropAfter = settings.dropAfter().toNanos();
        nodes.replaceAll((id, state) -> state.expire(now, dropAfter));
        List<NodeState> contributing = nodes.values().stream()
                .filter(state -> state.listing() != null)
                .sorted(Comparator.comparing(state -> state.member().nodeId()))
                .toList();
        List<Object> signature = contributing.stream()
                .<Object>map(state -> List.of(state.member(), state.version()))
                .toList();
        // No data node contributing is no rest: the catalog is unavailable until one does.
        unsettled |= contributing.isEmpty();
        if (snapshot != null && signature.equals(lastSignature)) {
            return unsettled;
        }
        lastSignature = signature;
        snapshot = build(contributing, unavailableReason(resolution, contributing));
        return true;
    }

    private CatalogSnapshot build(List<NodeState> contributing, String unavailableReason) {
        Map<String, Song> songs = new LinkedHashMap<>();
        Map<String, List<Member>> holders = new HashMap<>();
        for (NodeState state : contributing) {
            for (Song song : state.listing().songs()) {
                songs.putIfAbsent(song.id(), song);
                holders.computeIfAbsent(song.id(), id -> new ArrayList<>(2)).add(state.member());
            }
        }
        CatalogSnapshot previous = snapshot;
        // Few distinct holder sets exist (a few per pair of nodes): share them, not one list per song.
        Map<List<Member>, List<Member>> holderSets = new HashMap<>();
        List<CatalogSong> merged = new ArrayList<>(songs.size());
        for (Song song : songs.values()) {
            long seen = previous == null ? seenSequence.incrementAndGet()
                    : previous.find(song.id()).map(CatalogSong::firstSeen).orElseGet(seenSequence::incrementAndGet);
            List<Member> holding = holderSets.computeIfAbsent(List.copyOf(holders.get(song.id())), set -> set);
            merged.add(CatalogSong.of(song, holding, seen));
        }
        canon.retainOnly(songs.keySet());
        List<Member> live = contributing.stream().map(NodeState::member).toList();
        return CatalogSnapshot.of(merged, live, unavailableReason);
    }

    private static String unavailableReason(Resolution resolution, List<NodeState> contributing) {
        if (!contributing.isEmpty()) {
            return null;
        }
        if (resolution.error() != null) {
            return "The name service cannot be reached, so no data node is known: " + resolution.error();
        }
        if (resolution.members().isEmpty()) {
            return "The name service lists no live data node.";
        }
        return "None of the " + resolution.members().size() + " data nodes the name service lists answers.";
    }

    private record Resolution(List<Member> members, String error) {
    }
}
