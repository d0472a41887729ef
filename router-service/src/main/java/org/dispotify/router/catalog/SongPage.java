package org.dispotify.router.catalog;

import java.util.List;

/** One page of the catalog: {@code {items, page, size, total}}. */
public record SongPage(List<SongResponse> items, int page, int size, long total) {
}
