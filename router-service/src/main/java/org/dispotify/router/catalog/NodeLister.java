package org.dispotify.router.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.nodes.DataNodeClient;
import org.dispotify.router.nodes.DataSongPage;
import org.dispotify.router.nodes.ListedPage;
import org.dispotify.router.nodes.Song;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads one data node's whole song list by paging through {@code GET /data/songs}.
 *
 * <p>The first page is asked for conditionally, with the catalog tag of the last consistent read: a
 * node whose catalog is unchanged answers 304 and the previous listing stands, so an idle cluster's
 * polling costs one small exchange per node and no rows. Without a tag (a node that sends none), small
 * lists are re-read in full on every refresh, and a list of more than
 * {@code fullListingMaxPages} pages is re-read in full only when its total or its first or last
 * page changed, or when its last full read is older than {@code fullListingInterval}: reading
 * 100,000 songs every second would cost the data nodes and the router more than the listeners.
 */
@Component
class NodeLister {

    /** Bound on pages per node, whatever total a node claims. */
    private static final int MAX_PAGES = 100_000;
    private static final int PAGE_CONCURRENCY = 2;

    private final DataNodeClient client;
    private final SongCanon canon;
    private final RouterProperties.Catalog settings;

    NodeLister(DataNodeClient client, SongCanon canon, RouterProperties properties) {
        this.client = client;
        this.canon = canon;
        this.settings = properties.catalog();
    }

    /** The node's listing; {@code previous} itself when it is seen to be unchanged. */
    Mono<NodeListing> list(Member node, NodeListing previous) {
        String known = previous != null && previous.consistent() ? previous.etag() : null;
        return page(node, 0, settings.pageSize(), known)
                .flatMap(answer -> {
                    if (answer.unchanged()) {
                        return Mono.just(previous);
                    }
                    DataSongPage first = answer.page();
                    int pageSize = first.size() > 0 ? first.size() : settings.pageSize();
                    long total = first.total();
                    if (total <= first.items().size()) {
                        return Mono.just(listing(List.of(answer), total));
                    }
                    int pages = (int) Math.min(MAX_PAGES, (total + pageSize - 1) / pageSize);
                    // A node that tags its catalog said it changed: only an untagged list is guessed at.
                    if (answer.etag() == null && pages > settings.fullListingMaxPages() && looksUnchanged(previous, first)) {
                        return page(node, pages - 1, pageSize, null)
                                .flatMap(last -> NodeListing.ids(last.page().items()).equals(previous.lastPageIds())
                                        && last.page().total() == total
                                        ? Mono.just(previous)
                                        : readAll(node, answer, pages, pageSize));
                    }
                    return readAll(node, answer, pages, pageSize);
                })
                .timeout(settings.listingTimeout());
    }

    private boolean looksUnchanged(NodeListing previous, DataSongPage first) {
        return previous != null
                && previous.consistent()
                && previous.total() == first.total()
                && previous.firstPageIds().equals(NodeListing.ids(first.items()))
                && System.nanoTime() - previous.readAtNanos() < settings.fullListingInterval().toNanos();
    }

    private Mono<NodeListing> readAll(Member node, ListedPage first, int pages, int pageSize) {
        return Flux.range(1, pages - 1)
                .flatMapSequential(p -> page(node, p, pageSize, null), PAGE_CONCURRENCY)
                .collectList()
                .map(rest -> {
                    List<ListedPage> all = new ArrayList<>(rest.size() + 1);
                    all.add(first);
                    all.addAll(rest);
                    return listing(all, first.page().total());
                });
    }

    /** A page whose songs are the ones already held where unchanged: each page's copies die young. */
    private Mono<ListedPage> page(Member node, int page, int size, String ifNoneMatch) {
        return client.listPage(node, page, size, ifNoneMatch, settings.requestTimeout())
                .map(answer -> answer.unchanged() ? answer : new ListedPage(new DataSongPage(
                        answer.page().items().stream().map(canon::canonical).toList(),
                        answer.page().page(), answer.page().size(), answer.page().total()), answer.etag()));
    }

    private static NodeListing listing(List<ListedPage> pages, long total) {
        Map<String, Song> byId = new LinkedHashMap<>();
        int listed = 0;
        boolean sameTotal = true;
        String etag = pages.get(0).etag();
        boolean sameTag = true;
        for (ListedPage answer : pages) {
            DataSongPage page = answer.page();
            sameTotal &= page.total() == total;
            sameTag &= Objects.equals(answer.etag(), etag);
            for (Song song : page.items()) {
                if (song.id() != null) {
                    byId.putIfAbsent(song.id(), song);
                    listed++;
                }
            }
        }
        // A tag that moved between pages means the catalog changed while it was paged.
        boolean consistent = sameTotal && sameTag && listed == total && byId.size() == total;
        List<Song> firstItems = pages.get(0).page().items();
        List<Song> lastItems = pages.get(pages.size() - 1).page().items();
        return new NodeListing(List.copyOf(byId.values()), total, NodeListing.ids(firstItems),
                NodeListing.ids(lastItems), consistent, System.nanoTime(), consistent ? etag : null);
    }
}
