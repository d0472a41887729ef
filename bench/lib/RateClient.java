import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate whether or not earlier ones have
 * answered, and its latency counts from when it was due (so a stalled server cannot hide its queue,
 * unlike a closed-loop client). Loopback only: every URL must point at 127.0.0.1.
 *
 *   java RateClient.java URLS_FILE RATE_PER_SECOND SECONDS [WARMUP_SECONDS]
 *
 * The warm-up runs first at the same rate in the same JVM (client and server JIT), unrecorded.
 * URLS_FILE has one URL per line; each request picks one at random (seeded, so runs repeat).
 */
public class RateClient {

    public static void main(String[] args) throws Exception {
        List<String> urls = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).toList();
        for (String url : urls) {
            if (!URI.create(url).getHost().equals("127.0.0.1")) {
                throw new IllegalArgumentException("loopback only: " + url);
            }
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(42);
        if (warmup > 0) {
            run(client, urls, random, rate, warmup);
        }
        Result result = run(client, urls, random, rate, seconds);
        long[] sorted = result.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("requests %d at %d/s for %d s: ok %d, errors %d, unanswered %d%n",
                result.total, rate, seconds, sorted.length, result.errors.get(), result.total - result.done.get());
        if (!result.causes.isEmpty()) {
            System.out.println("errors by cause: " + new java.util.TreeMap<>(result.causes));
        }
        if (sorted.length > 0) {
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (achieved %.0f req/s)%n",
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                    sorted[sorted.length - 1] / 1e6, sorted.length / result.elapsedSeconds);
        }
        System.exit(result.errors.get() == 0 && result.done.get() == result.total ? 0 : 1);
    }

    /** {@code causes}: why requests failed (an HTTP status, or the exception's class), with how many each. */
    record Result(int total, ConcurrentLinkedQueue<Long> latencies, AtomicInteger errors, AtomicInteger done,
                  double elapsedSeconds, java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> causes) {
    }

    private static Result run(HttpClient client, List<String> urls, Random random, int rate, int seconds)
            throws InterruptedException {
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> causes = new java.util.concurrent.ConcurrentHashMap<>();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(random.nextInt(urls.size()))))
                    .timeout(Duration.ofSeconds(10)).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                    String cause = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
                    causes.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - due);
                }
                done.incrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (done.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new Result(total, latencies, errors, done, (System.nanoTime() - start) / 1e9, causes);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
