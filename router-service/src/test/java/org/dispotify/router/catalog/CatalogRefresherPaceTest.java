package org.dispotify.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.view.RingView;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.nodes.Song;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The catalog's refresh pace, on real time with short intervals (fast 50 ms, idle 800 ms): a router at rest reads its
 * data nodes a few times a minute (here: about once per 800 ms), and what changes the catalog brings the fast pace back.
 */
class CatalogRefresherPaceTest {

    private static final Duration FAST = Duration.ofMillis(50);
    private static final Duration IDLE = Duration.ofMillis(800);
    private static final Member NODE = new Member("d1", "127.0.0.1", 9, 10);

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<List<Song>> held = new AtomicReference<>(List.of(song("a1")));
    private final Sinks.Many<RingEvent> ringEvents = Sinks.many().multicast().directBestEffort();
    private CatalogRefresher refresher;

    @BeforeEach
    void start() {
        NameServiceClient names = mock(NameServiceClient.class);
        when(names.resolve(eq(Role.DATA.groupName()))).thenReturn(Mono.fromSupplier(() -> List.of(NODE)));
        NodeLister lister = mock(NodeLister.class);
        when(lister.list(eq(NODE), any())).thenAnswer(call -> Mono.fromSupplier(() -> {
            reads.incrementAndGet();
            List<Song> songs = held.get();
            return new NodeListing(songs, songs.size(), NodeListing.ids(songs), NodeListing.ids(songs), true,
                    System.nanoTime(), "\"" + songs.hashCode() + "\"");
        }));
        RouterProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "dispotify.router.catalog.refresh-interval", FAST.toMillis() + "ms",
                "dispotify.router.catalog.idle-refresh-interval", IDLE.toMillis() + "ms")))
                .bindOrCreate("dispotify.router", RouterProperties.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("ring", new RingView() {
            @Override
            public RingSnapshot snapshot() {
                return null;
            }

            @Override
            public Flux<RingEvent> events() {
                return ringEvents.asFlux();
            }
        });
        refresher = new CatalogRefresher(names, lister, new SongCanon(), properties,
                beans.getBeanProvider(CurrentRole.class), beans.getBeanProvider(RingView.class));
        refresher.start();
    }

    @AfterEach
    void stop() {
        refresher.stop();
    }

    @Test
    void atRestTheRouterReadsItsDataNodesAtTheIdlePaceNotEveryRefreshInterval() throws Exception {
        awaitRest();
        int before = reads.get();
        Thread.sleep(IDLE.multipliedBy(4).toMillis());
        // At the fast pace that would be 64 reads; at rest at most one per idle interval (and one for rounding).
        assertThat(reads.get() - before).as("reads in 4 idle intervals at rest").isBetween(1, 5);
    }

    @Test
    void aRequestForAnUnknownSongGetsARefreshAtTheFastPaceNotAtTheIdleOne() {
        awaitRest();
        held.set(List.of(song("a1"), song("b2")));
        long asked = System.nanoTime();
        refresher.refreshSoon(Duration.ofSeconds(5)).block(Duration.ofSeconds(6));
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("wait for the refresh").isLessThan(IDLE.dividedBy(2));
        assertThat(refresher.snapshot().find("b2")).isPresent();
    }

    @Test
    void aRingEventStartsARefreshAtOnceAndTheFastPaceFollows() {
        awaitRest();
        held.set(List.of(song("a1"), song("c3")));
        long sent = System.nanoTime();
        ringEvents.tryEmitNext(new RingEvent(RingEvent.Type.DEAD, "r1", "d2", "convicted"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> refresher.snapshot().find("c3").isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("from the ring event to the new catalog")
                .isLessThan(IDLE.dividedBy(2));
    }

    @Test
    void aChangeSeenByARegularRefreshBringsBackTheFastPace() throws Exception {
        awaitRest();
        held.set(List.of(song("a1"), song("d4")));
        await().atMost(Duration.ofSeconds(5)).until(() -> refresher.snapshot().find("d4").isPresent());
        int before = reads.get();
        Thread.sleep(FAST.multipliedBy(3).toMillis());
        assertThat(reads.get() - before).as("reads within 3 fast intervals right after a change").isGreaterThanOrEqualTo(1);
    }

    /** Until the pause between two reads has grown to the idle interval. */
    private void awaitRest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> refresher.snapshot() != null);
        // 50 → 100 → 200 → 400 → 800 ms: five unchanged refreshes, 1.5 s.
        await().pollDelay(Duration.ofMillis(1600)).atMost(Duration.ofSeconds(10)).until(() -> true);
    }

    private static Song song(String id) {
        return new Song(id, "Title " + id, "Artist", "Album", "Jazz", 2000, 1, 1000L, "mp3", "audio/mpeg", 128000, 100L, 1);
    }
}
