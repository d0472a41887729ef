package org.dispotify.router.upload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends a spooled upload to a data node picked at random, until one stores it. Uploading is idempotent
 * (the song id is the hash of the bytes), so a node that fails (connection refused, timeout, 5xx, busy,
 * the file damaged on the way) is followed by another, after a backoff that honours its
 * {@code Retry-After}: the spooled file is held through a data node's death and the role switch that
 * replaces it. Each attempt resolves the data group afresh. A 4xx answer is about the file, not the
 * node: it goes back to the listener unchanged. Past {@code max-attempts} or {@code retry-for} the
 * answer is 503 with {@code Retry-After}: nothing was stored, and sending the file again is safe.
 */
@Component
class UploadForwarder {

    private static final Logger log = LoggerFactory.getLogger(UploadForwarder.class);
    private static final Duration REPLICA_COUNT_WAIT = Duration.ofSeconds(2);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);
    /** What a listener is told to wait when every attempt failed: long enough for a role switch. */
    private static final Duration GIVE_UP_RETRY_AFTER = Duration.ofSeconds(5);

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
        Attempts attempts = new Attempts(System.nanoTime() + settings.retryFor().toNanos());
        return Mono.defer(() -> attempt(upload, form, attempts))
                .retryWhen(Retry.from(failures -> failures.concatMap(failure -> backoff(failure.failure(), attempts))))
                .flatMap(this::respond);
    }

    private Mono<UploadAnswer> attempt(SpooledUpload upload, MultiValueMap<String, HttpEntity<?>> form, Attempts attempts) {
        return names.resolve(Role.DATA.groupName())
                .onErrorMap(e -> new NoDataNodeYet("the name service cannot be reached: " + e.getMessage()))
                .flatMap(members -> {
                    if (members.isEmpty()) {
                        return Mono.error(new NoDataNodeYet("the name service lists no live data node"));
                    }
                    Member node = attempts.pick(members, catalog);
                    return client.upload(node, form, settings.timeout())
                            .flatMap(answer -> storedAsSent(answer, upload));
                })
                .doOnError(DataNodeUnavailableException.class, e -> log.warn("upload of {} ({} bytes, sha256 {}) failed: {}",
                        upload.filename(), upload.size(), upload.sha256(), e.getMessage()));
    }

    /** A node that stored other bytes than the ones forwarded has not stored this upload. */
    private static Mono<UploadAnswer> storedAsSent(UploadAnswer answer, SpooledUpload upload) {
        if (answer instanceof UploadAnswer.Stored stored && !upload.sha256().equals(stored.body().get("id"))) {
            log.error("data node {} stored the upload {} as {}; trying again", answer.node().nodeId(), upload.sha256(),
                    stored.body().get("id"));
            return Mono.error(new DataNodeUnavailableException(answer.node(),
                    "stored the file under another id (" + stored.body().get("id") + ")", null));
        }
        return Mono.just(answer);
    }

    /** Waits before the next attempt, or ends the upload with a 503 when the attempts or the time are used up. */
    private Mono<Long> backoff(Throwable failure, Attempts attempts) {
        if (!(failure instanceof DataNodeUnavailableException) && !(failure instanceof NoDataNodeYet)) {
            return Mono.error(failure);
        }
        attempts.failed(failure.getMessage());
        // Another node that has not failed yet is tried at once; once all have, the round waits.
        Duration wait = Duration.ZERO;
        if (!attempts.untriedLeft()) {
            Duration backoff = jittered(attempts.rounds());
            Duration asked = requested(failure);
            wait = asked.compareTo(backoff) > 0 ? asked : backoff;
            attempts.newRound();
        }
        long remaining = attempts.deadline() - System.nanoTime();
        if (attempts.count() >= settings.maxAttempts() || remaining <= wait.toNanos()) {
            return Mono.error(RouterProblems.uploadUnavailable("No data node stored the song after "
                    + attempts.count() + (attempts.count() == 1 ? " attempt: " : " attempts: ") + attempts.failures(),
                    GIVE_UP_RETRY_AFTER));
        }
        return wait.isZero() ? Mono.just(0L) : Mono.delay(wait);
    }

    private static Duration requested(Throwable failure) {
        return failure instanceof DataNodeUnavailableException unavailable
                ? unavailable.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
    }

    /** Exponential backoff with jitter: 250 ms, 500 ms, 1 s ... up to 4 s (each between half and all of it). */
    private static Duration jittered(int round) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(round, 10));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    static MultiValueMap<String, HttpEntity<?>> form(SpooledUpload upload) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.asyncPart(UploadSpooler.FILE_PART, SpooledFileBody.read(upload.file(), Schedulers.boundedElastic()),
                        DataBuffer.class)
                .filename(upload.filename())
                .contentType(upload.contentType());
        upload.fields().forEach((name, value) -> textPart(builder, name, value));
        if (upload.cover() != null) {
            // Heap buffers, like the file: never pooled buffers in a part (see SpooledFileBody).
            builder.asyncPart(CoverSpool.PART, SpooledFileBody.read(upload.cover(), Schedulers.boundedElastic()),
                            DataBuffer.class)
                    .filename("cover")
                    .contentType(MediaType.APPLICATION_OCTET_STREAM);
        }
        // What this router received: the data node stores it only if the bytes still match.
        textPart(builder, UploadSpooler.DIGEST_FIELD, upload.sha256());
        return builder.build();
    }

    /**
     * A form field as bytes, not a String: the writer wraps bytes without taking a pooled buffer, while a
     * String is encoded into one that its stacked release-on-discard hooks can release twice when a data
     * node answers early (see SpooledFileBody).
     */
    private static void textPart(MultipartBodyBuilder builder, String name, String value) {
        builder.part(name, value.getBytes(StandardCharsets.UTF_8))
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
    }

    /** The name service listed no data node (or did not answer): one may appear, as a router takes the role. */
    private static final class NoDataNodeYet extends RuntimeException {

        NoDataNodeYet(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The attempts of one upload: which nodes were tried, what went wrong, until when to keep trying. */
    private static final class Attempts {

        private final long deadline;
        // This round's tried nodes; a round ends once every node the name service listed has failed.
        private final Set<String> tried = ConcurrentHashMap.newKeySet();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile boolean untriedLeft;
        private volatile int rounds;

        Attempts(long deadline) {
            this.deadline = deadline;
        }

        /** A node not tried in this round (those answering the catalog first), at random. */
        Member pick(List<Member> members, Catalog catalog) {
            List<Member> untried = members.stream().filter(node -> !tried.contains(node.nodeId())).toList();
            List<Member> shuffled = new ArrayList<>(untried.isEmpty() ? members : untried);
            Collections.shuffle(shuffled, ThreadLocalRandom.current());
            shuffled.sort(Comparator.comparing(node -> !catalog.answering(node.nodeId())));
            Member node = shuffled.get(0);
            tried.add(node.nodeId());
            untriedLeft = members.stream().anyMatch(member -> !tried.contains(member.nodeId()));
            return node;
        }

        boolean untriedLeft() {
            return untriedLeft;
        }

        void newRound() {
            tried.clear();
            rounds++;
        }

        int rounds() {
            return rounds;
        }

        void failed(String reason) {
            failures.add(reason);
        }

        int count() {
            return failures.size();
        }

        long deadline() {
            return deadline;
        }

        String failures() {
            return String.join("; ", failures);
        }
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
