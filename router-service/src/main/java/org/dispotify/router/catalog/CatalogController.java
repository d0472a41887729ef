package org.dispotify.router.catalog;

import org.dispotify.router.system.RouterProblems;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** The catalog: search, sort and page the merged song list; one song with its replica count. */
@RestController
@CrossOrigin
@RequestMapping("/api/songs")
class CatalogController {

    static final int MAX_PAGE_SIZE = 500;
    private static final int MAX_QUERY_LENGTH = 200;

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    Mono<SongPage> list(@RequestParam(required = false) String q,
                        @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "50") int size,
                        @RequestParam(defaultValue = "title") String sort) {
        if (page < 0) {
            return Mono.error(RouterProblems.badRequest("page must be 0 or more; was " + page + "."));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return Mono.error(RouterProblems.badRequest("size must be 1.." + MAX_PAGE_SIZE + "; was " + size + "."));
        }
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            return Mono.error(RouterProblems.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters."));
        }
        SongSort order;
        try {
            order = SongSort.parse(sort);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        return catalog.available().map(snapshot -> snapshot.page(q, order, page, size));
    }

    @GetMapping("/{id}")
    Mono<SongResponse> song(@PathVariable String id) {
        return catalog.song(id).map(SongResponse::of);
    }
}
