package org.dispotify.router.upload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.catalog.Catalog;
import org.dispotify.router.nodes.DataNodeClient;
import org.dispotify.router.nodes.DataNodeClient.UploadAnswer;
import org.dispotify.router.nodes.DataNodeUnavailableException;
import org.dispotify.router.system.RouterProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends a spooled upload to a data node picked at random. Uploading is idempotent (the song id is
 * the hash of the bytes), so a node that fails (connection refused, timeout, 5xx) is simply
 * followed by another, up to {@code maxAttempts} nodes. A 4xx answer is about the file, not the
 * node: it goes back to the listener unchanged.
 */
@Component
class UploadForwarder {

    private static final Logger log = LoggerFactory.getLogger(UploadForwarder.class);
    private static final Duration REPLICA_COUNT_WAIT = Duration.ofSeconds(2);

    private final NameServiceClient names;
    private final DataNodeClient client;
    private final Catalog catalog;
    private final RouterProperties.Upload settings;

    UploadForwarder(NameServiceClient names, DataNodeClient client, Catalog catalog, RouterProperties properties) {
        this.names = names;
        this.client = client;
        this.catalog = catalog;
        this.settings = properties.upload();
    }

    Mono<ResponseEntity<Object>> forward(SpooledUpload upload) {
        var form = form(upload);
        List<String> failures = new CopyOnWriteArrayList<>();
        return names.resolve(Role.DATA.groupName())
                .onErrorMap(e -> RouterProblems.noDataNode("The name service cannot be reached: " + e.getMessage()))
                .flatMap(members -> members.isEmpty()
                        ? Mono.error(RouterProblems.noDataNode("The name service lists no live data node to store the song."))
                        : Flux.fromIterable(candidates(members))
                                .concatMap(node -> client.upload(node, form, settings.timeout())
                                        .onErrorResume(DataNodeUnavailableException.class, e -> {
                                            log.warn("upload of {} ({} bytes) failed, trying another node: {}",
                                                    upload.filename(), upload.size(), e.getMessage());
                                            failures.add(e.getMessage());
                                            return Mono.empty();
                                        }), 1)
                                .next()
                                .switchIfEmpty(Mono.error(() -> RouterProblems.uploadFailed(
                                        "No data node stored the song: " + String.join("; ", failures)))))
                .flatMap(this::respond);
    }

    /** Random order, nodes that answered the catalog's last request first, at most maxAttempts. */
    private List<Member> candidates(List<Member> members) {
        List<Member> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        shuffled.sort(Comparator.comparing(node -> !catalog.answering(node.nodeId())));
        return shuffled.subList(0, Math.min(settings.maxAttempts(), shuffled.size()));
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> form(SpooledUpload upload) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part(UploadSpooler.FILE_PART, new FileSystemResource(upload.file()))
                .filename(upload.filename())
                .contentType(upload.contentType());
        upload.fields().forEach(builder::part);
        if (upload.cover() != null) {
            builder.part(CoverSpool.PART, new FileSystemResource(upload.cover())).filename("cover")
                    .contentType(MediaType.APPLICATION_OCTET_STREAM);
        }
        return builder.build();
    }

    private Mono<ResponseEntity<Object>> respond(UploadAnswer answer) {
        if (answer instanceof UploadAnswer.Rejected rejected) {
            return Mono.just(rejected(rejected));
        }
        UploadAnswer.Stored stored = (UploadAnswer.Stored) answer;
        Map<String, Object> song = new LinkedHashMap<>(stored.body());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(stored.status()).contentType(MediaType.APPLICATION_JSON);
        if (song.containsKey("replicas") || !(song.get("id") instanceof String id)) {
            return Mono.just(response.body(song));
        }
        // Refresh so the new song is in the catalog at once, and count its copies from there.
        return catalog.refreshNow(REPLICA_COUNT_WAIT)
                .then(Mono.fromSupplier(() -> {
                    song.put("replicas", Math.max(1, catalog.replicas(id).orElse(1)));
                    return response.body((Object) song);
                }));
    }

    private static ResponseEntity<Object> rejected(UploadAnswer.Rejected rejected) {
        if (rejected.body().length > 0) {
            return ResponseEntity.status(rejected.status()).contentType(rejected.contentType()).body(rejected.body());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(rejected.status(),
                "Data node " + rejected.node().nodeId() + " refused the upload without saying why.");
        return ResponseEntity.status(rejected.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
