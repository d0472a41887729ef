package org.dispotify.data.audio;

/**
 * Tags read from a file; any field is null when the file does not carry it. {@code albumArtist} is the
 * album-artist tag (TPE2, ALBUMARTIST), or "Various Artists" for a file flagged as part of a
 * compilation (TCMP, COMPILATION) that names none.
 */
public record Tags(String title, String artist, String album, String genre, Integer year, Integer track,
                   String albumArtist, Integer disc) {

    public static final Tags NONE = new Tags(null, null, null, null, null, null, null, null);

    public Tags(String title, String artist, String album, String genre, Integer year, Integer track) {
        this(title, artist, album, genre, year, track, null, null);
    }
}
