package org.dispotify.data.stream;

/** An inclusive byte range {@code [start, end]} of a file. */
record ByteRange(long start, long end) {

    ByteRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + "-" + end);
        }
    }

    static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    long length() {
        return end - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }
}
