package org.dispotify.router.upload;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.http.MediaType;

/** An upload spooled to disk, with the form fields to forward alongside it and its cover part's file (or null). */
record SpooledUpload(Path file, String filename, MediaType contentType, long size, Map<String, String> fields,
                     Path cover) {
}
