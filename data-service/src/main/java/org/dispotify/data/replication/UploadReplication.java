package org.dispotify.data.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.dispotify.data.system.DataProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes an uploaded song durable before the upload is answered: this node holds it already; the song's
 * other owners (the top nodes by rendezvous hash) copy it from here, in parallel; an owner that fails
 * or times out is replaced by the next node in hash order. The upload is acknowledged once the song is
 * on {@code replication-factor} nodes, or on every live data node if fewer. This node keeps its copy
 * even when it is not an owner; the sync trims it once the owners hold theirs.
 */
@Component
public class UploadReplication {

    private static final Logger log = LoggerFactory.getLogger(UploadReplication.class);
    // A copy between two nodes moves at least this fast (a busy 2-core machine manages ~10 MB/s), or the
    // target counts as failed and the next node in hash order gets the copy.
    private static final long MIN_BYTES_PER_SECOND = 1024L * 1024;

    private final DataNodeDirectory directory;
    private final ReplicaClient client;
    private final LocalNode local;
    private final int factor;
    private final Duration callTimeout;

    UploadReplication(DataNodeDirectory directory, ReplicaClient client, LocalNode local, DataProperties data,
                      ReplicationProperties properties) {
        this.directory = directory;
        this.client = client;
        this.local = local;
        this.factor = data.replicationFactor();
        this.callTimeout = properties.callTimeout();
    }

    /**
     * Completes with the holders once the song is durable; fails with 503 (the song stays here, and
     * the sync keeps copying it) when too few nodes took a copy. Uploading again retries.
     */
    public Mono<Durability> ensureDurable(String id, long sizeBytes) {
        return directory.liveDataNodes()
                .onErrorMap(e -> unavailable("The data nodes cannot be listed now: " + e.getMessage()))
                .flatMap(live -> {
                    DataNode self = local.node();
                    // Normally a data node; a node that left the data role while this upload was under way
                    // (its switch waited for uploads, up to a limit) counts its own copy for nothing.
                    boolean selfIsData = local.isData();
                    Membership members = Membership.of(live, self, selfIsData, factor);
                    int needed = Math.max(1, members.needed());
                    List<DataNode> candidates = members.rank(id).stream()
                            .filter(node -> !node.equals(self.id()))
                            .map(node -> members.node(node).orElseThrow())
                            .toList();
                    int copies = Math.min(members.owns(self.id(), id) ? factor - 1 : factor, candidates.size());
                    Iterator<DataNode> next = candidates.iterator();
                    Duration limit = callTimeout.plusMillis(sizeBytes * 1000 / MIN_BYTES_PER_SECOND);
                    return Flux.range(0, copies)
                            .flatMap(slot -> place(id, self, next, limit))
                            .collectList()
                            .flatMap(copied -> {
                                List<String> holders = new ArrayList<>();
                                holders.add(self.id());
                                holders.addAll(copied);
                                if (copied.size() + (selfIsData ? 1 : 0) < needed) {
                                    return Mono.error(unavailable("Song " + id + " is stored on " + holders
                                            + " only; it needs " + needed + " copies. It will be copied in the "
                                            + "background; upload it again to wait for that."));
                                }
                                return Mono.just(new Durability(holders));
                            });
                });
    }

    /** One copy: on the next candidate, or the one after it if that fails, until none is left. */
    private Mono<String> place(String id, DataNode self, Iterator<DataNode> next, Duration limit) {
        DataNode target;
        synchronized (next) {
            if (!next.hasNext()) {
                return Mono.empty();
            }
            target = next.next();
        }
        return client.replicate(target, id, self.url(), false, limit, 0)
                .map(pulled -> target.id())
                .onErrorResume(e -> {
                    log.warn("Data node {} did not take a copy of {}: {}; trying the next one", target.id(), id,
                            ReplicaClient.describe(e));
                    return place(id, self, next, limit);
                });
    }

    private static ErrorResponseException unavailable(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Not durable yet");
        ErrorResponseException error = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        error.getHeaders().set(HttpHeaders.RETRY_AFTER, "2");
        return error;
    }
}
