package org.dispotify.router.cover;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.dispotify.imaging.BadImageException;
import org.dispotify.imaging.CoverImages;
import org.dispotify.imaging.ImageLimits;
import org.dispotify.imaging.ScaledImage;
import org.dispotify.router.catalog.CoverSource;
import org.dispotify.router.system.RouterProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Covers as served: the original from a holder ({@link CoverFetcher}), or a copy scaled to fit a box,
 * made off the event loop on a small pool (decoding is CPU work with a memory bound per thread). Both
 * are cached by content address and size, so a cover is fetched and each size made once, however many
 * listeners ask at once (concurrent requests share one computation). A cover that cannot be decoded
 * is remembered as such and answered as "no cover".
 */
@Component
class Covers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Covers.class);

    private final CoverFetcher fetcher;
    private final AsyncCache<String, CoverImage> originals;
    private final AsyncCache<Key, CoverImage> scaled;
    private final Scheduler scaling;

    Covers(CoverFetcher fetcher, CoverProperties properties) {
        this.fetcher = fetcher;
        // Originals are few (one per album shown) but large; most of the room goes to the scaled copies.
        long room = properties.cacheSize().toBytes();
        this.originals = Caffeine.newBuilder()
                .maximumWeight(room / 4)
                .<String, CoverImage>weigher((id, image) -> image.bytes().length + 64)
                .buildAsync();
        this.scaled = Caffeine.newBuilder()
                .maximumWeight(room - room / 4)
                .<Key, CoverImage>weigher((key, image) -> image.bytes().length + 64)
                .buildAsync();
        this.scaling = Schedulers.newBoundedElastic(properties.scaleThreads(), 10_000, "cover-scale", 60, true);
    }

    /** The cover of {@code source} fitted into {@code size} px (null: the original); 404 when it cannot be shown. */
    Mono<CoverImage> image(CoverSource source, Integer size) {
        Mono<CoverImage> original = Mono.fromFuture(() -> originals.get(source.coverId(),
                (id, executor) -> fetcher.original(source).toFuture()), true);
        Mono<CoverImage> served = size == null ? original
                : Mono.fromFuture(() -> scaled.get(new Key(source.coverId(), size), (key, executor) -> original
                        .publishOn(scaling).map(found -> scaled(source, found, size)).toFuture()), true);
        return served
                .flatMap(image -> image.showable() ? Mono.just(image)
                        : Mono.error(RouterProblems.noCover("The cover of song " + source.songId() + " cannot be shown.")));
    }

    private static CoverImage scaled(CoverSource source, CoverImage original, int size) {
        if (!original.showable()) {
            return original;
        }
        try {
            ScaledImage scaled = CoverImages.scale(original.bytes(), size, ImageLimits.COVERS);
            return scaled == null ? original : new CoverImage(scaled.bytes(), scaled.mimeType());
        } catch (BadImageException e) {
            log.warn("The cover {} of song {} cannot be shown: {}", source.coverId(), source.songId(), e.getMessage());
            return CoverImage.UNSHOWABLE;
        }
    }

    @Override
    public void destroy() {
        scaling.dispose();
    }

    private record Key(String coverId, int size) {
    }
}
