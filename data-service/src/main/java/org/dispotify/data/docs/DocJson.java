package org.dispotify.data.docs;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.dispotify.crdt.Document;
import org.dispotify.data.store.Sha256;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documents as stored: canonical JSON (map keys sorted, record components in declaration order), so the
 * same state is the same bytes on every node and its SHA-256 tells copies apart without sending them.
 * Unknown properties are refused rather than dropped: a field this node does not know would be lost at
 * its next merge.
 */
final class DocJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private DocJson() {
    }

    static String write(Document doc) {
        return MAPPER.writeValueAsString(doc);
    }

    /** @throws JacksonException when the bytes are not a document */
    static Document read(byte[] json) {
        Document doc = MAPPER.readValue(json, Document.class);
        if (doc == null) {
            throw new IllegalArgumentException("the body is JSON null, not a document");
        }
        return doc;
    }

    static Document read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    static String digest(String body) {
        return HexFormat.of().formatHex(Sha256.digest().digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
