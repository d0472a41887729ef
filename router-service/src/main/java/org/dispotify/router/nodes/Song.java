package org.dispotify.router.nodes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A song as data nodes describe it (DESIGN.md "Song JSON"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Song(
        String id,
        String title,
        String artist,
        String album,
        String genre,
        Integer year,
        Integer track,
        Long durationMs,
        String format,
        String mimeType,
        Integer bitrate,
        Long sizeBytes,
        Integer chunkCount) {
}
