package org.dispotify.node.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of one node that delays what passes through it, both ways: each chunk read is
 * written {@code delay ± jitter} (uniform) later, in order (a chunk never overtakes the one before,
 * as on a real link without reordering), and each new connection waits one such delay before the
 * relay dials the node. The kernel here has no {@code sch_netem}, so this is how the harness adds
 * latency; unlike netem it delays bytes, not packets (TCP's own ACKs and retransmissions are not
 * delayed), which is the part a node's timeouts see. The delay can change while connections are open.
 */
final class DelayProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUED_CHUNKS = 256;
    private static final byte[] END = new byte[0];

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile long meanNanos;
    private volatile long jitterNanos;
    private volatile boolean closed;

    private DelayProxy(String name, ServerSocket server, InetSocketAddress target) {
        this.name = name;
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code listen} (port 0: any free one) and relays to {@code target}, with no delay until {@link #delay}. */
    static DelayProxy start(String name, InetSocketAddress listen, InetSocketAddress target) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(listen, 128);
            DelayProxy proxy = new DelayProxy(name, server, target);
            daemon(name + "-accept", proxy::accept).start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("delay proxy " + name + " could not listen on " + listen, e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress target() {
        return target;
    }

    void delay(Duration mean, Duration jitter) {
        if (jitter.compareTo(mean) > 0 || jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must be between 0 and the delay: " + mean + " ± " + jitter);
        }
        jitterNanos = jitter.toNanos();
        meanNanos = mean.toNanos();
    }

    void clear() {
        delay(Duration.ZERO, Duration.ZERO);
    }

    Duration meanDelay() {
        return Duration.ofNanos(meanNanos);
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        sockets.forEach(DelayProxy::quietly);
        sockets.clear();
    }

    private long sampleNanos() {
        long mean = meanNanos;
        long jitter = jitterNanos;
        return jitter == 0 ? mean : mean - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                daemon(name + "-dial", () -> relay(client)).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delay proxy " + name + ": accept failed: " + e);
                }
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            client.setTcpNoDelay(true);
            sleepNanos(sampleNanos());
            upstream.connect(target, 2_000);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            // The node is down or unreachable: the client sees its connection closed, as with a refusal.
            close(client, upstream);
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        pipe(client, upstream, "up", open);
        pipe(upstream, client, "down", open);
    }

    /** Two threads per direction: one reads and stamps each chunk with its due time, one writes it when due. */
    private void pipe(Socket from, Socket to, String direction, AtomicInteger open) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        daemon(name + "-" + direction + "-read", () -> {
            long lastDue = 0;
            try {
                // Not closed here: closing a socket's stream closes the socket, which the other direction still uses.
                InputStream in = from.getInputStream();
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long due = Math.max(lastDue, System.nanoTime() + sampleNanos());
                    lastDue = due;
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), due));
                }
                queue.put(new Chunk(END, Math.max(lastDue, System.nanoTime() + sampleNanos())));
            } catch (IOException e) {
                queue.offer(new Chunk(null, 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        daemon(name + "-" + direction + "-write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                    if (chunk == null) {
                        if (closed || to.isClosed()) {
                            return;
                        }
                        continue;
                    }
                    if (chunk.bytes == null) {
                        close(from, to);
                        return;
                    }
                    sleepNanos(chunk.due - System.nanoTime());
                    if (chunk.bytes == END) {
                        to.shutdownOutput();
                        if (open.decrementAndGet() == 0) {
                            close(from, to);
                        }
                        return;
                    }
                    out.write(chunk.bytes);
                    out.flush();
                }
            } catch (IOException e) {
                close(from, to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
    }

    private record Chunk(byte[] bytes, long due) {
    }

    private void close(Socket a, Socket b) {
        quietly(a);
        quietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort: the socket may already be gone.
        }
    }

    @Override
    public String toString() {
        return name + " :" + port() + " -> " + target;
    }
}
