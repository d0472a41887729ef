package org.dispotify.data.stream;

/** Part of one chunk to send: {@code length} bytes from {@code offset} within chunk {@code chunkIndex}. */
record Segment(int chunkIndex, int offset, int length) {
}
