package org.dispotify.router.system;

/**
 * Names and examples the router role's OpenAPI annotations share. Each example is what the code really
 * answers: see RouterProblems, the controllers and UploadForwarder (which passes a data node's 4xx on).
 */
public final class RouterApiDocs {

    public static final String PROBLEM_JSON = "application/problem+json";

    public static final String SONG_ID = "9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f";

    public static final String ARTIST_ID = "5d41402abc4b2a76b9719d911017c592";

    public static final String ALBUM_ID = "7b8b965ad4bca0e41ab51de7b31363a1";

    public static final String BAD_REQUEST = """
            {"type":"https://dispotify.org/problems/bad-request","title":"Bad request","status":400,\
            "detail":"sort must be one of title, artist, album, recent; was 'year'.","instance":"/api/songs"}""";

    public static final String SONG_NOT_FOUND = """
            {"type":"https://dispotify.org/problems/song-not-found","title":"Song not found","status":404,\
            "detail":"No live data node holds a song with id '9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f'.",\
            "instance":"/api/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f",\
            "songId":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"}""";

    public static final String ARTIST_NOT_FOUND = """
            {"type":"https://dispotify.org/problems/artist-not-found","title":"Artist not found","status":404,\
            "detail":"No song of the catalog is by or on an album of an artist with id '5d41402abc4b2a76b9719d911017c592'.",\
            "instance":"/api/artists/5d41402abc4b2a76b9719d911017c592","artistId":"5d41402abc4b2a76b9719d911017c592"}""";

    public static final String ALBUM_NOT_FOUND = """
            {"type":"https://dispotify.org/problems/album-not-found","title":"Album not found","status":404,\
            "detail":"No song of the catalog is on an album with id '7b8b965ad4bca0e41ab51de7b31363a1'.",\
            "instance":"/api/albums/7b8b965ad4bca0e41ab51de7b31363a1","albumId":"7b8b965ad4bca0e41ab51de7b31363a1"}""";

    public static final String NO_COVER = """
            {"type":"https://dispotify.org/problems/no-cover","title":"No cover","status":404,\
            "detail":"Song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f has no cover.",\
            "instance":"/api/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/cover"}""";

    public static final String BAD_COVER_SIZE = """
            {"type":"https://dispotify.org/problems/bad-request","title":"Bad request","status":400,\
            "detail":"size must be 32..1024; was 4000.","instance":"/api/albums/7b8b965ad4bca0e41ab51de7b31363a1/cover"}""";

    public static final String COVER_UNAVAILABLE = """
            {"type":"https://dispotify.org/problems/cover-unavailable","title":"Cover unavailable","status":502,\
            "detail":"No data node holding song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f served \
            its cover: node-8081 timed out","instance":"/api/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/cover"}""";

    public static final String NO_DATA_NODE = """
            {"type":"https://dispotify.org/problems/no-data-node","title":"No live data node","status":503,\
            "detail":"The catalog is still loading; try again shortly.","instance":"/api/songs"}""";

    public static final String NO_PROVIDER = """
            {"type":"https://dispotify.org/problems/no-provider","title":"No provider","status":503,\
            "detail":"No live data node can serve the complete song '9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f' right now.",\
            "instance":"/api/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/stream",\
            "songId":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"}""";

    public static final String NO_FILE = """
            {"type":"https://dispotify.org/problems/bad-request","title":"Bad request","status":400,\
            "detail":"The form needs a 'file' part holding the song.","instance":"/api/songs"}""";

    public static final String TOO_LARGE = """
            {"type":"https://dispotify.org/problems/too-large","title":"File too large","status":413,\
            "detail":"The file is larger than the limit of 209715200 bytes.","instance":"/api/songs",\
            "maxBytes":209715200}""";

    public static final String NOT_MULTIPART = """
            {"type":"about:blank","title":"Unsupported Media Type","status":415,\
            "detail":"Upload a song as multipart/form-data with a 'file' part.","instance":"/api/songs"}""";

    /** A data node's rejection, passed on unchanged. */
    public static final String UNSUPPORTED_AUDIO = """
            {"type":"about:blank","title":"Unsupported audio","status":415,\
            "detail":"The file is not MP3, FLAC, Ogg Vorbis, Ogg Opus or WAV.","instance":"/data/songs"}""";

    /** A data node's rejection, passed on unchanged. */
    public static final String CORRUPT_AUDIO = """
            {"type":"about:blank","title":"Corrupt audio","status":422,\
            "detail":"The file is truncated or corrupt.","instance":"/data/songs"}""";

    public static final String UPLOAD_FAILED = """
            {"type":"https://dispotify.org/problems/upload-failed","title":"Upload not stored yet","status":503,\
            "detail":"No data node stored the song after 10 attempts: data node node-8081 at http://10.0.0.5:8081: \
            answered 503; data node node-8082 at http://10.0.0.6:8082: timed out; ...","instance":"/api/songs"}""";

    public static final String DIGEST_MISMATCH = """
            {"type":"https://dispotify.org/problems/digest-mismatch","title":"Digest mismatch","status":400,\
            "detail":"The 496512 bytes received hash to 5d1f0b0c9e7a6f4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b, \
            not to the declared SHA-256 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f: the file was damaged \
            on the way. Nothing was stored; send it again.","instance":"/api/songs",\
            "declaredSha256":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f",\
            "receivedSha256":"5d1f0b0c9e7a6f4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"}""";

    public static final String UPLOADED = """
            {"id":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f","title":"Blue in Green",\
            "artist":"Dispotify Quartet","album":"Samples","genre":"Jazz","year":2024,"track":3,\
            "durationMs":31000,"format":"mp3","mimeType":"audio/mpeg","bitrate":128000,"sizeBytes":496512,\
            "chunkCount":4,"replicas":2,"holders":["node-8081","node-8082"]}""";

    private RouterApiDocs() {
    }
}
