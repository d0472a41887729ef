import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many listeners that each read an audio stream at a fixed bit rate, as a player does once its
 * buffer is full. One thread, non-blocking sockets; each listener may read what its rate allows
 * every tick. Loopback only. Fails (exit 1) if any listener gets an error, a non-200 status, a
 * closed connection before the end, or falls far behind its rate.
 *
 *   java SlowListeners.java PORT PATHS_FILE LISTENERS KBIT_PER_SECOND SECONDS
 */
public class SlowListeners {

    static final class Listener {
        final SocketChannel channel;
        final String path;
        final StringBuilder head = new StringBuilder();
        boolean headDone;
        int status;
        long bodyBytes;
        String failure;

        Listener(SocketChannel channel, String path) {
            this.channel = channel;
            this.path = path;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        int count = Integer.parseInt(args[2]);
        int kbit = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        double bytesPerSecond = kbit * 1000 / 8.0;
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            String path = paths.get(i % paths.size());
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            listeners.add(new Listener(channel, path));
        }
        System.out.printf("%d listeners connected, reading %d kbit/s each for %d s%n", count, kbit, seconds);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long tick = 50_000_000L;
        long nextTick = start;
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long allowed = (long) (elapsed * bytesPerSecond) + 16 * 1024; // a player's small head start
            for (Listener l : listeners) {
                if (l.failure != null) {
                    continue;
                }
                try {
                    read(l, buffer, allowed);
                } catch (IOException e) {
                    l.failure = e.toString();
                }
            }
            nextTick += tick;
            long sleep = nextTick - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long expected = (long) (elapsed * bytesPerSecond);
        int failed = 0;
        int behind = 0;
        long min = Long.MAX_VALUE;
        long total = 0;
        for (Listener l : listeners) {
            if (l.failure == null && l.status != 200) {
                l.failure = "status " + l.status + " " + l.head.toString().lines().findFirst().orElse("");
            }
            if (l.failure != null) {
                if (failed++ < 5) {
                    System.out.println("listener of " + l.path + " failed: " + l.failure);
                }
                continue;
            }
            // Below 90 % of its rate, a listener would have heard a gap.
            if (l.bodyBytes < expected * 0.9) {
                behind++;
            }
            min = Math.min(min, l.bodyBytes);
            total += l.bodyBytes;
            l.channel.close();
        }
        System.out.printf("after %.0f s: ok %d, failed %d, behind their rate %d; bytes per listener min %d (expected ~%d), total %.1f MB%n",
                elapsed, count - failed, failed, behind, min == Long.MAX_VALUE ? 0 : min, expected, total / 1e6);
        System.exit(failed == 0 && behind == 0 ? 0 : 1);
    }

    private static void read(Listener l, ByteBuffer buffer, long allowed) throws IOException {
        while (true) {
            long room = allowed - l.bodyBytes;
            if (l.headDone && room <= 0) {
                return;
            }
            buffer.clear();
            if (l.headDone) {
                buffer.limit((int) Math.min(buffer.capacity(), room));
            } else {
                buffer.limit(1); // byte by byte until the end of the head, so no body byte is miscounted
            }
            int n = l.channel.read(buffer);
            if (n < 0) {
                throw new IOException("closed by the server after " + l.bodyBytes + " body bytes");
            }
            if (n == 0) {
                return;
            }
            if (!l.headDone) {
                l.head.append((char) buffer.get(0));
                if (l.head.length() >= 4 && l.head.substring(l.head.length() - 4).equals("\r\n\r\n")) {
                    l.headDone = true;
                    String statusLine = l.head.toString().lines().findFirst().orElse("");
                    l.status = Integer.parseInt(statusLine.split(" ")[1]);
                }
            } else {
                l.bodyBytes += n;
            }
        }
    }
}
