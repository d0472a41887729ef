package org.dispotify.data.system;

/**
 * Names and examples the data role's OpenAPI annotations share. Each example is what the code really
 * answers: see SongIds, IngestProblems, UploadReplication, AudioResponder and DataProblemHandler.
 */
public final class DataApiDocs {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The security scheme of cluster-only endpoints: a member's HMAC signature header. */
    public static final String CLUSTER_SIGNATURE = "clusterSignature";

    public static final String SONG_ID = "9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f";

    public static final String COVER_ID = "3b8f0c2d1e4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e";

    public static final String NO_COVER = """
            {"type":"about:blank","title":"No cover","status":404,\
            "detail":"Song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f has no cover.",\
            "instance":"/data/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/cover"}""";

    public static final String DAMAGED_COVER = """
            {"type":"about:blank","title":"Damaged cover","status":500,\
            "detail":"cover 3b8f0c2d1e4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e does not match its SHA-256",\
            "instance":"/data/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/cover"}""";

    public static final String BAD_COVER = """
            {"type":"about:blank","title":"Bad cover","status":422,\
            "detail":"The cover is not a usable JPEG or PNG image: the image is 60000x60000 pixels, over the limit \
            of 8000 a side and 40000000 in all.","instance":"/data/songs"}""";

    public static final String MANIFEST = """
            {"song":{"id":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f","title":"Blue in Green",\
            "artist":"Dispotify Quartet","album":"Samples","genre":"Jazz","year":2024,"track":3,"durationMs":31000,\
            "format":"mp3","mimeType":"audio/mpeg","bitrate":128000,"sizeBytes":496512,"chunkCount":2,\
            "storedAt":1777636800000,"albumArtist":"Dispotify Quartet","disc":1,\
            "coverSha256":"3b8f0c2d1e4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"},"chunks":[\
            {"index":0,"startMs":0,"durationMs":10005,"byteOffset":0,"byteLength":160256,\
            "sha256":"0f5c3a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19"},\
            {"index":1,"startMs":10005,"durationMs":20995,"byteOffset":160256,"byteLength":336256,\
            "sha256":"1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d"}]}""";

    public static final String BAD_SONG_ID = """
            {"type":"about:blank","title":"Bad song id","status":400,\
            "detail":"A song id is 64 lowercase hex characters (the SHA-256 of the file).",\
            "instance":"/data/songs/not-a-song-id"}""";

    public static final String BAD_PARAMETER = """
            {"type":"about:blank","title":"Bad parameter","status":400,\
            "detail":"size must be between 1 and 500.","instance":"/data/songs"}""";

    public static final String SONG_NOT_FOUND = """
            {"type":"about:blank","title":"Song not found","status":404,\
            "detail":"No song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f on this node.",\
            "instance":"/data/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"}""";

    public static final String CHUNK_NOT_FOUND = """
            {"type":"about:blank","title":"Chunk not found","status":404,\
            "detail":"Song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f has no chunk 42.",\
            "instance":"/data/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/chunks/42"}""";

    public static final String RANGE_NOT_SATISFIABLE = """
            {"type":"about:blank","title":"Requested range not satisfiable","status":416,\
            "detail":"The song has 496512 bytes; the requested range lies outside them.",\
            "instance":"/data/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/audio"}""";

    public static final String BAD_UPLOAD = """
            {"type":"about:blank","title":"Bad upload","status":400,\
            "detail":"The upload has no part named 'file'.","instance":"/data/songs"}""";

    public static final String DIGEST_MISMATCH = """
            {"type":"https://dispotify.org/problems/digest-mismatch","title":"Digest mismatch","status":400,\
            "detail":"The 496512 bytes received hash to 5d1f0b0c9e7a6f4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b, \
            not to the declared SHA-256 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f: the file was damaged \
            on the way. Nothing was stored; send it again.","instance":"/data/songs",\
            "declaredSha256":"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f",\
            "receivedSha256":"5d1f0b0c9e7a6f4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"}""";

    public static final String DAMAGED_WHILE_STORING = """
            {"type":"about:blank","title":"Upload damaged while storing","status":503,\
            "detail":"The file's bytes changed between arriving here and being stored (expected SHA-256 \
            9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f); nothing was stored. Send it again.",\
            "instance":"/data/songs"}""";

    public static final String UPLOAD_STALLED = """
            {"type":"about:blank","title":"Upload stalled","status":408,\
            "detail":"The upload sent nothing for too long.","instance":"/data/songs"}""";

    public static final String UPLOAD_TOO_LARGE = """
            {"type":"about:blank","title":"Upload too large","status":413,\
            "detail":"The file is larger than this node's limit of 209715200 bytes.","instance":"/data/songs"}""";

    public static final String UNSUPPORTED_AUDIO = """
            {"type":"about:blank","title":"Unsupported audio","status":415,\
            "detail":"The file is not MP3, FLAC, Ogg Vorbis, Ogg Opus or WAV.","instance":"/data/songs"}""";

    public static final String CORRUPT_AUDIO = """
            {"type":"about:blank","title":"Corrupt audio","status":422,\
            "detail":"The file is truncated or corrupt.","instance":"/data/songs"}""";

    public static final String TOO_MANY_UPLOADS = """
            {"type":"about:blank","title":"Too many uploads","status":503,\
            "detail":"This node is processing as many uploads as it takes at once; retry shortly.",\
            "instance":"/data/songs"}""";

    public static final String NOT_DURABLE_YET = """
            {"type":"about:blank","title":"Not durable yet","status":503,\
            "detail":"Song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f is stored on [node-8081] only; it needs 2 copies. \
            It will be copied in the background; upload it again to wait for that.","instance":"/data/songs"}""";

    public static final String DAMAGED_CHUNK = """
            {"type":"about:blank","title":"Damaged chunk","status":500,\
            "detail":"chunk 2 of song 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f \
            does not match its stored SHA-256",\
            "instance":"/data/replication/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f/chunks/2"}""";

    public static final String CLUSTER_AUTH_REQUIRED = """
            {"type":"https://dispotify.org/problems/cluster-auth","title":"Cluster authentication required",\
            "status":401,"detail":"This endpoint is for members of the cluster: missing X-Dispotify-Signature."}""";

    /** Not problem+json: an unexpected failure of a copy reaches Spring Boot's default error handler. */
    public static final String COPY_FAILED = """
            {"type":"about:blank","title":"Copy failed","status":502,\
            "detail":"Could not copy 9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f from http://127.0.0.1:8082: \
            timed out. Nothing was kept.",\
            "instance":"/data/replication/songs/9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"}""";

    private DataApiDocs() {
    }
}
