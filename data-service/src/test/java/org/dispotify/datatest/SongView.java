package org.dispotify.datatest;

import java.util.List;

/** The song JSON as a client reads it. */
public record SongView(String id, String title, String artist, String album, String genre, Integer year,
                       Integer track, long durationMs, String format, String mimeType, int bitrate, long sizeBytes,
                       int chunkCount) {

    public record Page(List<SongView> items, int page, int size, long total) {
    }
}
