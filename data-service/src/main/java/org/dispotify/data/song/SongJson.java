package org.dispotify.data.song;

import org.dispotify.data.store.SongRow;

/** A song on the wire (DESIGN.md "Song JSON"); the router adds {@code replicas}. */
public record SongJson(String id, String title, String artist, String album, String genre, Integer year,
                       Integer track, long durationMs, String format, String mimeType, int bitrate, long sizeBytes,
                       int chunkCount) {

    static SongJson of(SongRow row) {
        return new SongJson(row.id(), row.title(), row.artist(), row.album(), row.genre(), row.year(), row.track(),
                row.durationMs(), row.format(), row.mimeType(), row.bitrate(), row.sizeBytes(), row.chunkCount());
    }
}
