package org.dispotify.data.docs;

/** Example bodies of the document API, for its OpenAPI description. */
final class DocApiDocs {

    static final String KEY = "favorites:alice";

    static final String DOCUMENT = """
            {"registers":{},"sets":{"songs":{"added":{"9f2b6c1e4d8a7b3c5e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f":\
            {"millis":1765152000000,"counter":0,"node":"node-8081"}},"removed":{}}},"maps":{},"counters":{},"lists":{}}""";

    static final String STORED = """
            {"key":"favorites:alice","digest":"5d41402abc4b2a76b9719d911017c592ae6f3b1c9a1e2f4d6b8c0a7e9f1d3b5c",\
            "doc":""" + DOCUMENT + "}";

    static final String PAGE = """
            {"items":[{"key":"favorites:alice","digest":"5d41402abc4b2a76b9719d911017c592ae6f3b1c9a1e2f4d6b8c0a7e9f1d3b5c"},\
            {"key":"user:alice","digest":"0b9c2625dc21ef05f6ad4ddf47c5f203837aa32c9f2b6c1e4d8a7b3c5e0f1a2b"}],\
            "next":"user:alice"}""";

    static final String BAD_KEY = """
            {"type":"about:blank","title":"Bad document key","status":400,\
            "detail":"A document key is 1-200 characters of a-z, 0-9 and . _ : - (starting with a letter or digit).",\
            "instance":"/data/docs/Alice's%20stars"}""";

    static final String NOT_A_DOCUMENT = """
            {"type":"about:blank","title":"Not a document","status":400,\
            "detail":"Unrecognized property \\"stars\\": a document has registers, sets, maps, counters and lists.",\
            "instance":"/data/docs/favorites:alice"}""";

    static final String NOT_FOUND = """
            {"type":"about:blank","title":"Document not found","status":404,\
            "detail":"No document favorites:alice on this node.","instance":"/data/docs/favorites:alice"}""";

    static final String TOO_LARGE = """
            {"type":"about:blank","title":"Document too large","status":413,\
            "detail":"A document body is at most 1048576 bytes.","instance":"/data/docs/favorites:alice"}""";

    static final String BAD_LIMIT = """
            {"type":"about:blank","title":"Bad parameter","status":400,\
            "detail":"limit must be between 1 and 1000.","instance":"/data/docs"}""";

    private DocApiDocs() {
    }
}
