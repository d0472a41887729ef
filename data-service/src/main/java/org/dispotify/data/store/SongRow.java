package org.dispotify.data.store;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One stored song: its tags and the facts of its file. Immutable: a song id is the hash of its bytes,
 * so the same id never means other content.
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
        long storedAt) {
}
