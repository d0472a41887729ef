package org.dispotify.data.audio;

/** The audio formats Dispotify stores, each with the MIME type its bytes are served with. */
public enum AudioFormat {
    MP3("mp3", "audio/mpeg"),
    FLAC("flac", "audio/flac"),
    OGG_VORBIS("ogg", "audio/ogg"),
    OGG_OPUS("opus", "audio/ogg; codecs=opus"),
    WAV("wav", "audio/wav");

    private final String label;
    private final String mimeType;

    AudioFormat(String label, String mimeType) {
        this.label = label;
        this.mimeType = mimeType;
    }

    /** The short name used in song JSON ({@code format}). */
    public String label() {
        return label;
    }

    public String mimeType() {
        return mimeType;
    }
}
