package org.dispotify.data.song;

import java.util.List;

import org.dispotify.data.replication.Durability;
import org.dispotify.data.store.SongRow;

/**
 * The answer to an upload: the song JSON plus where it is durable now, {@code replicas} data nodes,
 * named in {@code holders} (the receiving node first).
 */
public record UploadedSong(String id, String title, String artist, String album, String genre, Integer year,
                           Integer track, long durationMs, String format, String mimeType, int bitrate, long sizeBytes,
                           int chunkCount, int replicas, List<String> holders) {

    static UploadedSong of(SongRow row, Durability durability) {
        return new UploadedSong(row.id(), row.title(), row.artist(), row.album(), row.genre(), row.year(), row.track(),
                row.durationMs(), row.format(), row.mimeType(), row.bitrate(), row.sizeBytes(), row.chunkCount(),
                durability.replicas(), durability.holders());
    }
}
