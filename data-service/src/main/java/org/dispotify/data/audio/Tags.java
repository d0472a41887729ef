package org.dispotify.data.audio;

/** Tags read from a file; any field is null when the file does not carry it. */
public record Tags(String title, String artist, String album, String genre, Integer year, Integer track) {

    public static final Tags NONE = new Tags(null, null, null, null, null, null);
}
