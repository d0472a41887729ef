package org.dispotify.router.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.ring.naming.Member;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data node on 127.0.0.1 that speaks the data role's HTTP API (DESIGN.md "Data role") from
 * memory: list, song, complete, audio with ranges, and upload. It can be stopped (in-flight audio
 * streams are cut, as when a process dies) and started again on the same port, answer uploads with
 * a scripted failure, and throttle audio to about real time so a browser cannot buffer a song whole.
 */
public final class FakeDataNode implements AutoCloseable {

    /** How the node answers {@code POST /data/songs}. */
    public enum UploadMode {
        STORE, FAIL_500, REJECT_415, REJECT_422,
        /** 503 + Retry-After at once, without reading the body: a data node at its ingest limit. */
        BUSY_AT_ONCE,
        /** 400 digest-mismatch: the bytes arrived damaged (what a real data node says then). */
        RECEIVED_DAMAGED,
        /** 201 with another song's id: a node that stored something else. */
        STORE_OTHER_ID
    }

    /** How the node answers audio requests: normally, or failing before the first byte. */
    public enum AudioMode { SERVE, CLOSE_CONNECTION, FAIL_500 }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public final String nodeId;
    public final AtomicInteger listRequests = new AtomicInteger();
    /** List requests answered 304: the router asked with the catalog tag it holds and nothing changed. */
    public final AtomicInteger notModifiedAnswers = new AtomicInteger();
    private final AtomicLong catalogVersion = new AtomicLong();
    public final AtomicInteger completeRequests = new AtomicInteger();
    public final AtomicInteger uploadAttempts = new AtomicInteger();
    /** 503 answers given to uploads (busy). */
    public final AtomicInteger busyAnswers = new AtomicInteger();
    public final AtomicInteger audioRequests = new AtomicInteger();
    /** Path and query of the latest audio request, and its Range / If-None-Match / If-Range headers. */
    public final AtomicReference<String> lastAudioUri = new AtomicReference<>();
    public final AtomicReference<Map<String, String>> lastAudioHeaders = new AtomicReference<>();
    /** Audio bytes handed to the network so far (produced on the connection's demand). */
    public final AtomicLong audioBytesSent = new AtomicLong();
    public final AtomicReference<Map<String, String>> lastUploadFields = new AtomicReference<>();
    public final AtomicReference<String> lastUploadFilename = new AtomicReference<>();
    public final AtomicLong lastUploadBytes = new AtomicLong();

    public final AtomicInteger coverRequests = new AtomicInteger();

    /** Personal-state documents held here, merged on write as a data node does. */
    public final Map<String, org.dispotify.crdt.Document> docs = new ConcurrentHashMap<>();
    /** How many of the next document writes answer 503 (and store nothing). */
    public final AtomicInteger docFailuresLeft = new AtomicInteger();
    public final AtomicInteger docWrites = new AtomicInteger();

    private final Map<String, FakeSong> songs = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** Library fields a song's JSON carries besides FakeSong's (albumArtist, disc, hasCover, coverId). */
    private final Map<String, Map<String, Object>> extraFields = new ConcurrentHashMap<>();
    /** The cover bytes served per song id, with their type. */
    private final Map<String, Map.Entry<String, byte[]>> covers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> uploadedOnce = new ConcurrentHashMap<>();
    private final Path uploadDir;
    private volatile UploadMode uploadMode = UploadMode.STORE;
    private final AtomicInteger busyAnswersLeft = new AtomicInteger();
    private volatile AudioMode audioMode = AudioMode.SERVE;
    private volatile long audioBytesPerSecond;
    private volatile boolean corruptAudio;
    /** The list order as a list, rebuilt only after a change: listing 100,000 songs page by page stays cheap. */
    private volatile List<FakeSong> listed;
    private volatile boolean killed;
    private volatile boolean frozen;
    private volatile DisposableServer server;
    private ChannelGroup connections;
    private int port;

    public FakeDataNode(String nodeId) {
        this.nodeId = nodeId;
        try {
            this.uploadDir = Files.createTempDirectory("fake-data-" + nodeId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    public synchronized FakeDataNode start() {
        if (server == null) {
            killed = false;
            connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            server = HttpServer.create().runOn(FakeLoops.LOOPS).channelGroup(connections).host("127.0.0.1").port(port)
                    .route(routes -> routes
                            .get("/data/songs", this::list)
                            .post("/data/songs", this::upload)
                            .get("/data/songs/{id}", this::song)
                            .get("/data/songs/{id}/complete", this::complete)
                            .get("/data/songs/{id}/cover", this::cover)
                            .get("/data/songs/{id}/audio", (req, res) -> audio(req, res, false))
                            .head("/data/songs/{id}/audio", (req, res) -> audio(req, res, true))
                            .options("/data/songs/{id}/audio", this::audioPreflight)
                            .get("/data/docs/{key}", this::document)
                            .put("/data/docs/{key}", this::mergeDocument))
                    .bindNow(Duration.ofSeconds(5));
            port = server.port();
        }
        return this;
    }

    /** Stops like a killed process: open audio streams break, new connections are refused. */
    public synchronized void stop() {
        killed = true;
        if (server != null) {
            // Close kept-alive connections too: a dead process leaves no socket answering.
            server.disposeNow(Duration.ofSeconds(2));
            connections.close().awaitUninterruptibly(2000);
            server = null;
        }
    }

    public boolean running() {
        return server != null;
    }

    public Member member() {
        return new Member(nodeId, "127.0.0.1", port, 10);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public FakeDataNode hold(FakeSong... held) {
        return hold(List.of(held));
    }

    public FakeDataNode hold(List<FakeSong> held) {
        synchronized (songs) {
            for (FakeSong song : held) {
                songs.put(song.id(), song);
            }
            changed();
        }
        return this;
    }

    /** Puts {@code replacement} where {@code songId} was in the list order. */
    public void replace(String songId, FakeSong replacement) {
        synchronized (songs) {
            List<FakeSong> before = new ArrayList<>(songs.values());
            songs.clear();
            for (FakeSong song : before) {
                FakeSong kept = song.id().equals(songId) ? replacement : song;
                songs.put(kept.id(), kept);
            }
            changed();
        }
    }

    /** Adds library fields (albumArtist, disc...) to a held song's JSON. */
    public FakeDataNode tag(String songId, String field, Object value) {
        extraFields.computeIfAbsent(songId, id -> new ConcurrentHashMap<>()).put(field, value);
        catalogVersion.incrementAndGet();
        return this;
    }

    /** Gives a held song a cover: listed as {@code hasCover} and {@code coverId} (the hash of {@code claimed}), served as {@code served}. */
    public FakeDataNode cover(String songId, String mimeType, byte[] claimed, byte[] served) {
        tag(songId, "hasCover", true);
        tag(songId, "coverId", FakeSong.sha256(claimed));
        covers.put(songId, Map.entry(mimeType, served));
        return this;
    }

    public FakeDataNode cover(String songId, String mimeType, byte[] image) {
        return cover(songId, mimeType, image, image);
    }

    /** The list as listed so far is gone; its catalog tag moves on, as a data node's does. */
    private void changed() {
        listed = null;
        catalogVersion.incrementAndGet();
    }

    public void drop(String songId) {
        synchronized (songs) {
            songs.remove(songId);
            changed();
        }
    }

    public void reset() {
        synchronized (songs) {
            songs.clear();
            changed();
        }
        uploadedOnce.clear();
        extraFields.clear();
        docs.clear();
        docFailuresLeft.set(0);
        docWrites.set(0);
        covers.clear();
        coverRequests.set(0);
        uploadMode = UploadMode.STORE;
        audioMode = AudioMode.SERVE;
        audioBytesPerSecond = 0;
        corruptAudio = false;
        frozen = false;
        listRequests.set(0);
        notModifiedAnswers.set(0);
        completeRequests.set(0);
        uploadAttempts.set(0);
        busyAnswers.set(0);
        busyAnswersLeft.set(0);
        audioRequests.set(0);
        lastAudioUri.set(null);
        lastAudioHeaders.set(null);
        audioBytesSent.set(0);
        lastUploadFields.set(null);
        lastUploadFilename.set(null);
        lastUploadBytes.set(0);
        start();
    }

    public void uploadMode(UploadMode mode) {
        this.uploadMode = mode;
    }

    /** Answers the next {@code uploads} uploads busy (503 + Retry-After, body unread), then as its mode says. */
    public void busyFor(int uploads) {
        busyAnswersLeft.set(uploads);
    }

    public void audioMode(AudioMode mode) {
        this.audioMode = mode;
    }

    /** Audio streams stop sending (connections stay open, everything else answers): a stall. */
    public void freezeAudio() {
        this.frozen = true;
    }

    /** Audio answers carry one flipped byte: a node whose copy rotted, or a path that damages data. */
    public void corruptAudio(boolean corrupt) {
        this.corruptAudio = corrupt;
    }

    public void throttleAudio(long bytesPerSecond) {
        this.audioBytesPerSecond = bytesPerSecond;
    }

    public boolean holds(String songId) {
        return songs.containsKey(songId);
    }

    /** The path's key as a real data node reads it (WebClient percent-encodes the ':' of "favorites:alice"). */
    private static String docKey(HttpServerRequest req) {
        return java.net.URLDecoder.decode(req.param("key"), StandardCharsets.UTF_8);
    }

    private org.reactivestreams.Publisher<Void> document(HttpServerRequest req, HttpServerResponse res) {
        String key = docKey(req);
        org.dispotify.crdt.Document doc = docs.get(key);
        return doc == null ? problem(res, 404, "No document " + key)
                : json(res, 200, Map.of("key", key, "digest", Integer.toHexString(doc.hashCode()), "doc", doc));
    }

    private org.reactivestreams.Publisher<Void> mergeDocument(HttpServerRequest req, HttpServerResponse res) {
        String key = docKey(req);
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMapMany(body -> {
            docWrites.incrementAndGet();
            if (docFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return problem(res, 503, "busy");
            }
            org.dispotify.crdt.Document change = JSON.readValue(body, org.dispotify.crdt.Document.class);
            org.dispotify.crdt.Document merged = docs.merge(key, change, org.dispotify.crdt.Document::merge);
            return json(res, 200, Map.of("key", key, "digest", Integer.toHexString(merged.hashCode()), "doc", merged));
        });
    }

    private NettyOutbound json(HttpServerResponse res, int status, Object body) {
        return res.status(status).header("Content-Type", "application/json")
                .sendString(Mono.just(JSON.writeValueAsString(body)));
    }

    private NettyOutbound problem(HttpServerResponse res, int status, String detail) {
        return res.status(status).header("Content-Type", "application/problem+json")
                .sendString(Mono.just(JSON.writeValueAsString(Map.of("status", status, "title", "refused", "detail", detail))));
    }

    private org.reactivestreams.Publisher<Void> list(HttpServerRequest req, HttpServerResponse res) {
        listRequests.incrementAndGet();
        String etag = "W/\"fake-" + catalogVersion.get() + "\"";
        if (etag.equals(req.requestHeaders().get("If-None-Match"))) {
            notModifiedAnswers.incrementAndGet();
            return res.status(304).header("ETag", etag).send();
        }
        res.header("ETag", etag);
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        int page = intParam(query, "page", 0);
        int size = intParam(query, "size", 50);
        List<FakeSong> all = listed;
        if (all == null) {
            synchronized (songs) {
                all = List.copyOf(songs.values());
                listed = all;
            }
        }
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        List<Map<String, Object>> items = all.subList(from, to).stream().map(this::json).toList();
        return json(res, 200, Map.of("items", items, "page", page, "size", size, "total", all.size()));
    }

    private org.reactivestreams.Publisher<Void> song(HttpServerRequest req, HttpServerResponse res) {
        FakeSong song = songs.get(req.param("id"));
        return song == null ? problem(res, 404, "no such song") : json(res, 200, json(song));
    }

    private Map<String, Object> json(FakeSong song) {
        Map<String, Object> json = song.json();
        json.putAll(extraFields.getOrDefault(song.id(), Map.of()));
        return json;
    }

    private org.reactivestreams.Publisher<Void> cover(HttpServerRequest req, HttpServerResponse res) {
        coverRequests.incrementAndGet();
        Map.Entry<String, byte[]> cover = songs.containsKey(req.param("id")) ? covers.get(req.param("id")) : null;
        if (cover == null) {
            return problem(res, 404, "no cover");
        }
        return res.status(200).header("Content-Type", cover.getKey()).sendByteArray(Mono.just(cover.getValue()));
    }

    private org.reactivestreams.Publisher<Void> complete(HttpServerRequest req, HttpServerResponse res) {
        completeRequests.incrementAndGet();
        FakeSong song = songs.get(req.param("id"));
        return json(res, 200, Map.of("complete", song != null && song.complete()));
    }

    /** As a real data node's AudioCors: another origin may GET or HEAD audio, with ranges. */
    private org.reactivestreams.Publisher<Void> audioPreflight(HttpServerRequest req, HttpServerResponse res) {
        return res.status(200).header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, HEAD")
                .header("Access-Control-Allow-Headers", "Range, If-Range, If-None-Match")
                .header("Access-Control-Max-Age", "3600")
                .send();
    }

    private org.reactivestreams.Publisher<Void> audio(HttpServerRequest req, HttpServerResponse res, boolean head) {
        audioRequests.incrementAndGet();
        lastAudioUri.set(req.uri());
        Map<String, String> conditions = new LinkedHashMap<>();
        for (String name : List.of("Range", "If-None-Match", "If-Range")) {
            String value = req.requestHeaders().get(name);
            if (value != null) {
                conditions.put(name, value);
            }
        }
        lastAudioHeaders.set(conditions);
        if (audioMode == AudioMode.CLOSE_CONNECTION) {
            // A process dying between accepting the request and answering it.
            res.withConnection(connection -> connection.channel().close());
            return Mono.never();
        }
        if (audioMode == AudioMode.FAIL_500) {
            return problem(res, 500, "disk on fire");
        }
        FakeSong song = songs.get(req.param("id"));
        if (song == null) {
            return problem(res, 404, "no such song");
        }
        byte[] audio = song.audio();
        long from = 0;
        long to = audio.length - 1L;
        String etag = "\"" + song.id() + "\"";
        res.header("Accept-Ranges", "bytes").header("Content-Type", song.mimeType()).header("ETag", etag);
        if (req.requestHeaders().contains("Origin")) {
            // As a real data node's AudioCors: any origin may read audio (the player's downloads do).
            res.header("Access-Control-Allow-Origin", "*").header("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag");
        }
        if (etag.equals(conditions.get("If-None-Match"))) {
            return res.status(304).send();
        }
        String range = conditions.containsKey("If-Range") && !etag.equals(conditions.get("If-Range"))
                ? null : conditions.get("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                return res.status(416).header("Content-Range", "bytes */" + audio.length).send();
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, audio.length - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(m.group(2)));
                }
            }
            if (from >= audio.length || from > to) {
                return res.status(416).header("Content-Range", "bytes */" + audio.length).send();
            }
            res.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + audio.length);
        }
        res.header("Content-Length", String.valueOf(to - from + 1));
        if (head) {
            return res.send();
        }
        if (corruptAudio) {
            audio = audio.clone();
            audio[audio.length / 2] ^= 0x5a;
        }
        return res.send(body(audio, (int) from, (int) to));
    }

    private Flux<ByteBuf> body(byte[] audio, int from, int toInclusive) {
        int chunk = 8192;
        int chunks = (toInclusive - from) / chunk + 1;
        Flux<Integer> indexes = Flux.range(0, chunks);
        long rate = audioBytesPerSecond;
        if (rate > 0) {
            indexes = indexes.delayElements(Duration.ofNanos(chunk * 1_000_000_000L / rate));
        }
        return indexes.concatMap(i -> frozen ? Mono.<Integer>never() : Mono.just(i)).handle((i, sink) -> {
            if (killed) {
                sink.error(new IOException("data node " + nodeId + " was stopped"));
                return;
            }
            int start = from + i * chunk;
            int end = Math.min(toInclusive + 1, start + chunk);
            audioBytesSent.addAndGet(end - start);
            sink.next(Unpooled.wrappedBuffer(audio, start, end - start));
        });
    }

    private org.reactivestreams.Publisher<Void> upload(HttpServerRequest req, HttpServerResponse res) {
        uploadAttempts.incrementAndGet();
        if (uploadMode == UploadMode.BUSY_AT_ONCE || busyAnswersLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            busyAnswers.incrementAndGet();
            res.header("Retry-After", "1");
            return problem(res, 503, "This node is processing as many uploads as it takes at once; retry shortly.");
        }
        Map<String, String> fields = new ConcurrentHashMap<>();
        AtomicReference<String> id = new AtomicReference<>();
        AtomicReference<String> filename = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        // Form data is released once emitted: read fields and move the file away synchronously
        // (cheap), hash the moved file off the event loop.
        return req.receiveForm(form -> form.maxInMemorySize(64 * 1024).baseDirectory(uploadDir))
                .concatMap(data -> {
                    Path moved = keep(data, fields, filename);
                    return moved == null ? Mono.empty() : Mono.fromRunnable(() -> hash(moved, id, bytes))
                            .subscribeOn(Schedulers.boundedElastic());
                })
                .then(Mono.defer(() -> {
                    lastUploadFields.set(Map.copyOf(fields));
                    lastUploadFilename.set(filename.get());
                    lastUploadBytes.set(bytes.get());
                    return answerUpload(res, id.get(), fields, bytes.get()).then();
                }));
    }

    private Path keep(HttpData data, Map<String, String> fields, AtomicReference<String> filename) {
        try {
            if (data instanceof FileUpload file && "file".equals(file.getName())) {
                filename.set(file.getFilename());
                Path target = Files.createTempFile(uploadDir, "kept-", ".bin");
                if (file.isInMemory()) {
                    Files.write(target, file.get());
                } else if (!file.renameTo(target.toFile())) {
                    throw new IOException("could not move " + file.getFile());
                }
                return target;
            }
            if (data instanceof Attribute attribute) {
                fields.put(attribute.getName(), attribute.getValue());
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void hash(Path file, AtomicReference<String> id, AtomicLong bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    count += n;
                }
            }
            id.set(HexFormat.of().formatHex(sha.digest()));
            bytes.set(count);
            Files.deleteIfExists(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private NettyOutbound answerUpload(HttpServerResponse res, String id, Map<String, String> fields, long bytes) {
        switch (uploadMode) {
            case FAIL_500:
                return problem(res, 500, "disk on fire");
            case REJECT_415:
                return problem(res, 415, "The bytes are not MP3, FLAC, Ogg Vorbis or WAV.");
            case REJECT_422:
                return problem(res, 422, "The file is truncated.");
            default:
                break;
        }
        if (id == null) {
            return problem(res, 400, "no file part");
        }
        // Like the data role: a declared SHA-256 must be the hash of the bytes that arrived.
        String declared = fields.get("sha256");
        if (uploadMode == UploadMode.RECEIVED_DAMAGED || (declared != null && !declared.equalsIgnoreCase(id))) {
            return res.status(400).header("Content-Type", "application/problem+json").sendString(Mono.just(JSON.writeValueAsString(
                    Map.of("type", "https://dispotify.org/problems/digest-mismatch", "status", 400,
                            "title", "Digest mismatch", "detail", "the bytes received hash to " + id))));
        }
        if (uploadMode == UploadMode.STORE_OTHER_ID) {
            return json(res, 201, Map.of("id", "f".repeat(64), "title", "Something else", "sizeBytes", bytes));
        }
        boolean existed = songs.containsKey(id);
        if (!existed) {
            FakeSong song = new FakeSong(id, fields.getOrDefault("title", "Untitled"), fields.getOrDefault("artist", "Unknown"),
                    fields.getOrDefault("album", ""), fields.getOrDefault("genre", ""), 2024, 1,
                    ("uploaded " + bytes + " bytes").getBytes(StandardCharsets.UTF_8), "audio/wav", true);
            hold(song);
        }
        Map<String, Object> body = new LinkedHashMap<>(songs.get(id).json());
        body.put("sizeBytes", bytes);
        return json(res, existed ? 200 : 201, body);
    }

    private static int intParam(QueryStringDecoder query, String name, int fallback) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? fallback : Integer.parseInt(values.get(0));
    }

    @Override
    public void close() {
        stop();
    }
}
