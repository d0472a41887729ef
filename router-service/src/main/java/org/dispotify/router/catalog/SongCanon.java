package org.dispotify.router.catalog;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.router.nodes.Song;
import org.springframework.stereotype.Component;

/**
 * One {@link Song} instance per song id across every node's listing, with the strings many songs
 * share (artist, album, genre, format, MIME type) stored once. Every song is listed by two data
 * nodes and each re-read of a list decodes fresh copies: without this a catalog of 100,000 songs
 * held 200,000 songs' worth of strings and did not fit the router's 256 MB heap (bench/catalog.sh).
 * A re-read song equal to the one already held is dropped at once, so it never leaves the young
 * generation.
 */
@Component
class SongCanon {

    private final Map<String, Song> songs = new ConcurrentHashMap<>();

    /** The held song equal to {@code song}, or {@code song} compacted and held from now on. */
    Song canonical(Song song) {
        if (song.id() == null) {
            return song;
        }
        Song known = songs.get(song.id());
        if (known != null && known.equals(song)) {
            return known;
        }
        Song compact = new Song(song.id(), song.title(), shared(song.artist()), shared(song.album()),
                shared(song.genre()), song.year(), song.track(), song.durationMs(), shared(song.format()),
                shared(song.mimeType()), song.bitrate(), song.sizeBytes(), song.chunkCount(), shared(song.albumArtist()),
                song.disc(), song.hasCover(), shared(song.coverId()));
        songs.put(song.id(), compact);
        return compact;
    }

    /** Forgets the songs no longer in the catalog (a listing still being read just loses sharing). */
    void retainOnly(Set<String> ids) {
        songs.keySet().retainAll(ids);
    }

    /** The JVM's string table is itself garbage-collected, so names nobody uses any more go away. */
    static String shared(String value) {
        return value == null ? null : value.intern();
    }
}
