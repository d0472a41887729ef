package org.dispotify.data.replication;

import io.swagger.v3.oas.annotations.media.Schema;

/** A summary of a set of song ids: how many, and the SHA-256 of the sorted ids, one per line. */
public record Digest(@Schema(example = "1250") long count,
                     @Schema(example = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b") String sha256) {
}
