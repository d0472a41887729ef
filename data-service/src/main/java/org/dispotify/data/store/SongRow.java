package org.dispotify.data.store;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One stored song: its tags and the facts of its file. Immutable: a song id is the hash of its bytes,
 * so the same id never means other content.
 *
 * @param albumArtist  the album-artist tag (or "Various Artists" for a compilation), null when none
 * @param coverSha256  the SHA-256 of its cover in the covers table, null when it has none
 */
@Table("songs")
public record SongRow(
        @Id String id,
        String title,
        String artist,
        String album,
        String genre,
        Integer year,
        Integer track,
        long durationMs,
        String format,
        String mimeType,
        int bitrate,
        long sizeBytes,
        int chunkCount,
        long storedAt,
        String albumArtist,
        Integer disc,
        String coverSha256) {

    @PersistenceCreator
    public SongRow {
    }

    /** A song without library tags or cover (as stored before they existed). */
    public SongRow(String id, String title, String artist, String album, String genre, Integer year, Integer track,
                   long durationMs, String format, String mimeType, int bitrate, long sizeBytes, int chunkCount,
                   long storedAt) {
        this(id, title, artist, album, genre, year, track, durationMs, format, mimeType, bitrate, sizeBytes, chunkCount,
                storedAt, null, null, null);
    }

    /** The same song as stored at {@code time} (a replica copied from another node). */
    public SongRow storedAt(long time) {
        return new SongRow(id, title, artist, album, genre, year, track, durationMs, format, mimeType, bitrate, sizeBytes,
                chunkCount, time, albumArtist, disc, coverSha256);
    }
}
