package org.dispotify.router.relay;

/** Examples for the relay's OpenAPI annotations: each is what {@link RelayProblems} really answers. */
final class RelayApiDocs {

    static final String PROBLEM_JSON = "application/problem+json";

    static final String SONG_ID = "9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f";

    static final String NODE_ID = "node-8081";

    private static final String INSTANCE = "\"instance\":\"/api/songs/" + SONG_ID + "/audio\"";

    static final String BAD_REQUEST = "{\"type\":\"https://dispotify.org/problems/bad-request\",\"title\":\"Bad request\","
            + "\"status\":400,\"detail\":\"fromMs must be 0 or more.\"," + INSTANCE + "}";

    static final String NOT_A_PROVIDER = "{\"type\":\"https://dispotify.org/problems/not-a-provider\",\"title\":\"Not a provider\","
            + "\"status\":404,\"detail\":\"No live data node 'node-8099' holds the song '" + SONG_ID + "'.\"," + INSTANCE
            + ",\"songId\":\"" + SONG_ID + "\",\"nodeId\":\"node-8099\"}";

    static final String RELAY_OFF = "{\"type\":\"https://dispotify.org/problems/relay-off\",\"title\":\"Relay off\","
            + "\"status\":404,\"detail\":\"This router does not relay audio (dispotify.router.relay-audio is false); "
            + "play from the URLs /api/songs/{id}/providers gives.\"," + INSTANCE + "}";

    static final String SONG_NOT_FOUND = "{\"type\":\"https://dispotify.org/problems/song-not-found\",\"title\":\"Song not found\","
            + "\"status\":404,\"detail\":\"No live data node holds a song with id '" + SONG_ID + "'.\"," + INSTANCE
            + ",\"songId\":\"" + SONG_ID + "\"}";

    /** The data node's answer, passed on. */
    static final String RANGE_NOT_SATISFIABLE = "{\"type\":\"about:blank\",\"title\":\"Requested Range Not Satisfiable\","
            + "\"status\":416,\"detail\":\"The song has 496512 bytes; the requested range lies outside them.\","
            + "\"instance\":\"/data/songs/" + SONG_ID + "/audio\"}";

    static final String FAILED = "{\"type\":\"https://dispotify.org/problems/relay-failed\",\"title\":\"Data node failed\","
            + "\"status\":502,\"detail\":\"The data node 'node-8081' failed before sending audio: the connection was refused "
            + "or broke.\"," + INSTANCE + ",\"nodeId\":\"node-8081\"}";

    static final String BUSY = "{\"type\":\"https://dispotify.org/problems/relay-busy\",\"title\":\"Relay busy\","
            + "\"status\":503,\"detail\":\"This router already relays 64 streams; try again shortly or another router.\","
            + INSTANCE + "}";

    static final String TIMED_OUT = "{\"type\":\"https://dispotify.org/problems/relay-timeout\",\"title\":\"Data node timed out\","
            + "\"status\":504,\"detail\":\"The data node 'node-8081' sent no audio within 5000 ms.\"," + INSTANCE
            + ",\"nodeId\":\"node-8081\"}";

    private RelayApiDocs() {
    }
}
