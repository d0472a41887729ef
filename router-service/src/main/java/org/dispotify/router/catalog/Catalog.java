package org.dispotify.router.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.dispotify.ring.naming.Member;

import org.dispotify.router.RouterProperties;
import org.dispotify.router.system.RouterProblems;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The merged catalog of the live data nodes, served from memory. Providers and uploads read it
 * too: who holds a song, and whether a node answered its latest list request.
 */
@Component
public class Catalog {

    private final CatalogRefresher refresher;
    private final Duration firstLoadWait;
    private final Duration unknownSongWait;

    Catalog(CatalogRefresher refresher, RouterProperties properties) {
        this.refresher = refresher;
        this.firstLoadWait = properties.catalog().firstLoadWait();
        this.unknownSongWait = properties.catalog().refreshInterval().multipliedBy(2);
    }

    /**
     * The current snapshot; fails with 503 when no data node contributes. The very first request
     * waits (briefly) for the first load rather than failing while the router starts; a request while
     * no data node contributes waits for one refresh at the fast pace (a data node may have come up since
     * the last) before its 503.
     */
    Mono<CatalogSnapshot> available() {
        return Mono.defer(() -> {
            CatalogSnapshot current = refresher.snapshot();
            if (current == null) {
                return refresher.refreshNow(firstLoadWait).then(Mono.fromSupplier(refresher::snapshot));
            }
            return current.available() ? Mono.just(current)
                    : refresher.refreshSoon(unknownSongWait).then(Mono.fromSupplier(refresher::snapshot));
        }).switchIfEmpty(Mono.error(() -> RouterProblems.noDataNode("The catalog is still loading; try again shortly.")))
                .flatMap(snapshot -> snapshot.available() ? Mono.just(snapshot)
                        : Mono.error(RouterProblems.noDataNode(snapshot.unavailableReason())));
    }

    /**
     * The song and its holders, or 404 (503 if there is no live data node at all). A song this
     * snapshot does not list may have been acknowledged through another router a moment ago (the
     * fault suite's listeners hit that: 404 for a song uploaded 1 s earlier), so an unknown id waits
     * for a refresh, once, before the 404. That refresh starts at the fast pace, no sooner: requests
     * for unknown ids cannot make the router read the data nodes more often than once a refresh interval.
     */
    Mono<CatalogSong> song(String id) {
        return available().flatMap(snapshot -> Mono.justOrEmpty(snapshot.find(id)))
                .switchIfEmpty(Mono.defer(() -> refresher.refreshSoon(unknownSongWait)
                        .then(available())
                        .flatMap(snapshot -> Mono.justOrEmpty(snapshot.find(id)))))
                .switchIfEmpty(Mono.error(() -> RouterProblems.songNotFound(id)));
    }

    /** The library of the current snapshot (503 as {@link #available}). */
    Mono<Library> library() {
        return available().map(CatalogSnapshot::library);
    }

    /**
     * Where song {@code songId}'s cover is: its hash and the live data nodes that hold the song; 404 when
     * there is no such song or it has no cover (503 as {@link #available}).
     */
    public Mono<CoverSource> songCover(String songId) {
        return song(songId).flatMap(song -> song.song().covered()
                ? Mono.just(CoverSource.of(song))
                : Mono.error(RouterProblems.noCover("Song " + songId + " has no cover.")));
    }

    /** The cover of album {@code albumId}: its first song's (in album order) that has one. */
    public Mono<CoverSource> albumCover(String albumId) {
        return library().flatMap(library -> Mono.justOrEmpty(library.album(albumId)))
                .switchIfEmpty(Mono.error(() -> RouterProblems.albumNotFound(albumId)))
                .flatMap(album -> album.coverSong() != null ? Mono.just(CoverSource.of(album.coverSong()))
                        : Mono.error(RouterProblems.noCover("Album " + albumId + " has no cover.")));
    }

    /** The live data nodes that list the song (complete or not), or 404 / 503 as {@link #song}. */
    public Mono<List<Member>> holders(String songId) {
        return song(songId).map(CatalogSong::holders);
    }

    /** How many live data nodes list the song now; empty if none does. */
    public Optional<Integer> replicas(String id) {
        CatalogSnapshot current = refresher.snapshot();
        return current == null ? Optional.empty() : current.find(id).map(CatalogSong::replicas);
    }

    public boolean answering(String nodeId) {
        return refresher.answering(nodeId);
    }

    /** Asks for a refresh now and completes once one has run (or after {@code wait}). */
    public Mono<Void> refreshNow(Duration wait) {
        return refresher.refreshNow(wait);
    }
}
