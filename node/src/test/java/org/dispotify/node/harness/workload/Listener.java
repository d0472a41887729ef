package org.dispotify.node.harness.workload;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Waits;
import tools.jackson.databind.JsonNode;

/**
 * One listener playing one song the way the player does (web-client's player.js): it asks a router for
 * the song's providers, streams from one of them, and when that stream breaks (connection refused or
 * reset, cut short, silent for {@code STALL}, a 5xx) it asks for the providers again and resumes on
 * another one at the byte it had reached (the player resumes at the same time; here, with {@code Range},
 * at the same byte, so the result can be compared with the uploaded file). A provider that failed is
 * tried again only when every provider has failed once; with no provider at all it retries after
 * {@code RETRY_DELAY}, {@code MAX_RETRIES} times, as the player does.
 * <p>
 * Like a media element whose buffer is full, the listener can stop reading at a given byte until told to
 * go on: the stream then stays open with most of the song still on the data node, for a fault to cut.
 */
public final class Listener {

    static final Duration STALL = Duration.ofSeconds(5);
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    static final int MAX_RETRIES = 20;
    private static final int RECEIVE_BUFFER = 32 * 1024;

    private final Routers routers;
    private final RouterClient client = new RouterClient(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(5));
    private final CountDownLatch reachedPause = new CountDownLatch(1);
    private final CountDownLatch goOn = new CountDownLatch(1);
    private final List<String> log = new ArrayList<>();

    public Listener(Cluster cluster) {
        this.routers = Routers.of(cluster);
    }

    /**
     * What the listener heard: the bytes, and the providers it streamed from with the byte each one
     * started at (more than one: it failed over).
     */
    public record Played(byte[] bytes, List<String> providers, List<Long> resumedAt, List<String> log) {
    }

    /** Blocks until the listener stopped at its pause byte (see {@link #play}). */
    public boolean awaitPaused(Duration limit) throws InterruptedException {
        return reachedPause.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a paused listener read on. */
    public void goOn() {
        goOn.countDown();
    }

    /**
     * Plays song {@code id} of {@code length} bytes to the end.
     *
     * @param prefer  a provider (node id) to start on, e.g. the node a test will kill (the listener waits, as on
     *                a node that has no copy yet, until the router lists it); null for any
     * @param pauseAt the byte at which to stop reading until {@link #goOn()}; -1 for none
     */
    public Played play(String id, long length, String prefer, long pauseAt) {
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        List<String> used = new ArrayList<>();
        List<Long> resumedAt = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        String current = null;
        int retries = 0;
        while (heard.size() < length) {
            Optional<Provider> pick = pick(id, prefer, failed, current);
            if (pick.isPresent()) {
                prefer = null;
            }
            if (pick.isEmpty()) {
                if (++retries > MAX_RETRIES) {
                    throw new AssertionError("gave up at byte " + heard.size() + " of " + length + ": " + log);
                }
                Waits.sleep(RETRY_DELAY);
                continue;
            }
            Provider provider = pick.get();
            current = provider.url();
            used.add(provider.nodeId());
            resumedAt.add((long) heard.size());
            try {
                stream(provider, heard, length, pauseAt);
            } catch (IOException e) {
                failed.add(provider.url());
                note("%s failed at byte %d: %s", provider.nodeId(), heard.size(), e);
            }
        }
        return new Played(heard.toByteArray(), used, resumedAt, List.copyOf(log));
    }

    /** Reads the song from {@code heard.size()} on, from one provider, until the end or a failure. */
    private void stream(Provider provider, ByteArrayOutputStream heard, long length, long pauseAt) throws IOException {
        URI url = URI.create(provider.url());
        long from = heard.size();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), (int) STALL.toMillis());
            socket.setSoTimeout((int) STALL.toMillis());
            socket.getOutputStream().write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":"
                    + url.getPort() + "\r\nRange: bytes=" + from + "-\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = head(in);
            if (!head.startsWith("HTTP/1.1 206") || !head.toLowerCase(Locale.ROOT).contains("content-range: bytes " + from + "-")) {
                throw new IOException("answered " + head.lines().findFirst().orElse("nothing"));
            }
            byte[] buffer = new byte[16 * 1024];
            while (heard.size() < length) {
                if (pauseAt >= 0 && heard.size() >= pauseAt && reachedPause.getCount() > 0) {
                    reachedPause.countDown();
                    awaitGoOn();
                }
                int want = (int) Math.min(buffer.length, pauseAt > heard.size() ? pauseAt - heard.size() : buffer.length);
                int read = in.read(buffer, 0, Math.max(1, want));
                if (read < 0) {
                    throw new EOFException("the stream ended at byte " + heard.size() + " of " + length);
                }
                heard.write(buffer, 0, read);
            }
        }
    }

    private void awaitGoOn() throws IOException {
        try {
            if (!goOn.await(5, TimeUnit.MINUTES)) {
                throw new IOException("never told to go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** The player's choice: the preferred provider, else the first that has not failed, else (all failed once) another. */
    private Optional<Provider> pick(String id, String prefer, Set<String> failed, String current) {
        List<Provider> providers = new ArrayList<>();
        for (Routers.Pick router : routers.resolve()) {
            Optional<JsonNode> answer = client.getJson(router.uri().resolve("/api/songs/" + id + "/providers"));
            if (answer.isPresent()) {
                answer.get().path("providers").forEach(p -> providers.add(new Provider(p.path("nodeId").asString(),
                        p.path("url").asString())));
                break;
            }
        }
        if (providers.isEmpty()) {
            note("no provider listed for %s", id);
            return Optional.empty();
        }
        if (prefer != null) {
            Optional<Provider> preferred = providers.stream().filter(p -> p.nodeId().equals(prefer)).findFirst();
            if (preferred.isEmpty()) {
                note("%s not listed yet among %s", prefer, providers);
            }
            return preferred;
        }
        Optional<Provider> fresh = providers.stream().filter(p -> !failed.contains(p.url())).findFirst();
        if (fresh.isPresent()) {
            return fresh;
        }
        failed.clear();
        return providers.stream().filter(p -> !p.url().equals(current)).findFirst().or(() -> Optional.of(providers.get(0)));
    }

    private void note(String format, Object... args) {
        log.add(String.format(Locale.ROOT, format, args));
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed after: " + head);
            }
            head.append((char) b);
            if (head.length() > 16 * 1024) {
                throw new IOException("no end of the response head");
            }
        }
        return head.toString();
    }

    private record Provider(String nodeId, String url) {
    }
}
