package org.dispotify.data.scrub;

import java.util.List;

import org.dispotify.data.store.ChunkReader;
import org.dispotify.data.store.SongStore;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** A song's chunks: checked against the SHA-256 stored with each, damage reported for repair from another holder. */
@Component
class ChunkTarget implements ScrubTarget {

    private final SongStore store;
    private final ChunkReader reader;

    ChunkTarget(SongStore store, ChunkReader reader) {
        this.store = store;
        this.reader = reader;
    }

    @Override
    public String kind() {
        return "chunk";
    }

    @Override
    public Mono<List<ScrubItem>> items(String songId) {
        return store.find(songId)
                .map(song -> song.chunks().stream().map(c -> new ScrubItem(songId, c.index(), c.byteLength())).toList())
                .defaultIfEmpty(List.of());
    }

    @Override
    public Checked check(ScrubItem item) {
        ChunkReader.ChunkCheck check = reader.check(item.songId(), item.index());
        return check == null ? null : new Checked(check.bytes(), check.intact());
    }
}
