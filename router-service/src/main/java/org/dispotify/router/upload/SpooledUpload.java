package org.dispotify.router.upload;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.http.MediaType;

/**
 * An upload spooled to disk, with the SHA-256 of the bytes that arrived (what the data node must store:
 * the song's id), the form fields to forward alongside it and its cover part's file (or null).
 */
record SpooledUpload(Path file, String filename, MediaType contentType, long size, String sha256,
                     Map<String, String> fields, Path cover) {
}
