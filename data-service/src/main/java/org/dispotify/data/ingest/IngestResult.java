package org.dispotify.data.ingest;

import org.dispotify.data.store.SongRow;

/** The stored song, and whether this upload created it (false: the same bytes were already stored). */
public record IngestResult(SongRow song, boolean created) {
}
