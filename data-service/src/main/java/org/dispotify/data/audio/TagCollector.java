package org.dispotify.data.audio;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaudiotagger.tag.reference.GenreTypes;

/** Gathers tag values from one or more tag blocks; the first non-blank value of each field wins. */
final class TagCollector {

    private static final int MAX_CHARS = 1024;
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern TRACK = Pattern.compile("^\\s*(\\d{1,6})");
    private static final Pattern NUMERIC_GENRE = Pattern.compile("^\\((\\d{1,3})\\)(.*)$|^(\\d{1,3})$");

    static final String VARIOUS_ARTISTS = "Various Artists";
    /** The largest embedded picture kept; larger ones are skipped unread (covers are checked against the same). */
    static final int MAX_PICTURE = org.dispotify.imaging.ImageLimits.COVERS.maxBytes();

    private String title;
    private String artist;
    private String album;
    private String genre;
    private Integer year;
    private Integer track;
    private String albumArtist;
    private Integer disc;
    private boolean compilation;
    private EmbeddedPicture picture;

    void title(String value) {
        if (title == null) {
            title = clean(value);
        }
    }

    void artist(String value) {
        if (artist == null) {
            artist = clean(value);
        }
    }

    void albumArtist(String value) {
        if (albumArtist == null) {
            albumArtist = clean(value);
        }
    }

    /** iTunes' and Picard's flag: "1" marks a compilation. */
    void compilation(String value) {
        String v = clean(value);
        compilation |= v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /** Accepts "1" and "1/2". */
    void disc(String value) {
        if (disc == null) {
            disc = leadingNumber(value);
        }
    }

    /** Whether another picture is still worth reading: none yet, or none that is the front cover. */
    boolean wantsPicture() {
        return picture == null || !picture.frontCover();
    }

    /** The first picture, replaced by the first front cover that follows it. */
    void picture(EmbeddedPicture candidate) {
        if (candidate != null && candidate.bytes().length > 0 && wantsPicture()
                && (picture == null || candidate.frontCover())) {
            picture = candidate;
        }
    }

    EmbeddedPicture picture() {
        return picture;
    }

    void album(String value) {
        if (album == null) {
            album = clean(value);
        }
    }

    /** Accepts names and ID3 numeric references ("17", "(17)", "(17)Rock"). */
    void genre(String value) {
        if (genre == null) {
            genre = resolveGenre(clean(value));
        }
    }

    void year(String value) {
        String v = clean(value);
        if (year == null && v != null) {
            Matcher m = YEAR.matcher(v);
            if (m.find()) {
                int y = Integer.parseInt(m.group(1));
                year = y > 0 ? y : null;
            }
        }
    }

    /** Accepts "3" and "3/12". */
    void track(String value) {
        if (track == null) {
            track = leadingNumber(value);
        }
    }

    Tags tags() {
        return new Tags(title, artist, album, genre, year, track,
                albumArtist != null ? albumArtist : compilation ? VARIOUS_ARTISTS : null, disc);
    }

    private static Integer leadingNumber(String value) {
        String v = clean(value);
        if (v == null) {
            return null;
        }
        Matcher m = TRACK.matcher(v);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            return n > 0 ? n : null;
        }
        return null;
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        int nul = value.indexOf('\0');
        String v = (nul >= 0 ? value.substring(0, nul) : value).strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > MAX_CHARS) {
            int cut = Character.isHighSurrogate(v.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            v = v.substring(0, cut);
        }
        return v;
    }

    private static String resolveGenre(String v) {
        if (v == null) {
            return null;
        }
        Matcher m = NUMERIC_GENRE.matcher(v);
        if (m.matches()) {
            String rest = m.group(2) == null ? "" : m.group(2).strip();
            if (!rest.isEmpty()) {
                return rest;
            }
            String id = m.group(1) != null ? m.group(1) : m.group(3);
            String name = GenreTypes.getInstanceOf().getValueForId(Integer.parseInt(id));
            return name != null ? name : v;
        }
        return v;
    }
}
