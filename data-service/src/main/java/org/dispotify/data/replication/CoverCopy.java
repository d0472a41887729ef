package org.dispotify.data.replication;

import org.dispotify.data.store.CoverStore;
import org.dispotify.data.store.Sha256;
import org.dispotify.data.store.StoredCover;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.imaging.CoverImages;
import org.dispotify.imaging.ImageInfo;
import org.dispotify.imaging.ImageLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Fetches a cover from another data node for a song being copied here: the local copy if this node has
 * the cover already (another song of the album), else the source's, checked against its SHA-256. A cover
 * that cannot be had does not stop the song's copy: the song is stored pointing at it, and the first read
 * of the missing cover has {@link CoverRepair} fetch it from any holder.
 */
@Component
class CoverCopy {

    private static final Logger log = LoggerFactory.getLogger(CoverCopy.class);

    private final CoverStore covers;
    private final ReplicaClient client;
    private final DataSchedulers schedulers;

    CoverCopy(CoverStore covers, ReplicaClient client, DataSchedulers schedulers) {
        this.covers = covers;
        this.client = client;
        this.schedulers = schedulers;
    }

    /** The checked cover, or empty: none wanted ({@code sha256} null), or none to be had from {@code from}. */
    Mono<StoredCover> fetch(String sha256, String from) {
        if (sha256 == null) {
            return Mono.empty();
        }
        return covers.read(sha256)
                .onErrorResume(e -> Mono.empty())
                .switchIfEmpty(Mono.defer(() -> fromPeer(sha256, from)))
                .onErrorResume(e -> {
                    log.warn("Could not copy cover {} from {}: {}; it will be repaired later", sha256, from,
                            ReplicaClient.describe(e));
                    return Mono.empty();
                });
    }

    /** The cover from {@code peer}, checked against its hash and its header; empty when it fails either. */
    Mono<StoredCover> fromPeer(String sha256, String peer) {
        return client.cover(peer, sha256)
                .publishOn(schedulers.io())
                .flatMap(bytes -> Mono.justOrEmpty(checked(sha256, bytes)));
    }

    private static StoredCover checked(String sha256, byte[] bytes) {
        if (!Sha256.hex(bytes).equals(sha256)) {
            throw new ReplicaMismatchException("cover " + sha256 + " does not match its hash");
        }
        ImageInfo info = CoverImages.inspect(bytes, ImageLimits.COVERS);
        return new StoredCover(sha256, info.mimeType(), info.width(), info.height(), bytes);
    }
}
