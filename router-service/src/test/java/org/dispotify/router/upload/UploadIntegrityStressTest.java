package org.dispotify.router.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeDataNode.UploadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The stress that showed issue 14's damage from outside: distinct uploads, several at once, through
 * the router while one data node answers busy before reading the body, every acknowledged one checked
 * against the hash of what was sent. Before the fix about 1 in 300 came back under another id. Long,
 * so it runs only from {@code bench/upload-integrity.sh} ({@code -Ddispotify.stress=true}).
 */
@EnabledIfSystemProperty(named = "dispotify.stress", matches = "true", disabledReason = "a benchmark: bench/upload-integrity.sh")
class UploadIntegrityStressTest extends RouterTestSupport {

    @Test
    void everyAcknowledgedUploadIsTheFileSentWhileADataNodeAnswersBusyAtOnce() throws Exception {
        cluster.listData(cluster.a, cluster.b);
        cluster.a.uploadMode(UploadMode.BUSY_AT_ONCE);
        int uploads = Integer.getInteger("dispotify.stress.uploads", 300);
        ExecutorService senders = Executors.newFixedThreadPool(6);
        AtomicInteger intact = new AtomicInteger();
        List<String> damaged = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            int seed = i;
            sent.add(senders.submit(() -> {
                byte[] bytes = new byte[1_000_000 + new Random(seed).nextInt(3_000_000)];
                new Random(seed * 31L + 7).nextBytes(bytes);
                MultipartBodyBuilder form = new MultipartBodyBuilder();
                form.part("file", new ByteArrayResource(bytes) {
                    @Override
                    public String getFilename() {
                        return "stress-" + seed + ".wav";
                    }
                }).contentType(MediaType.parseMediaType("audio/wav"));
                var result = web.mutate().responseTimeout(Duration.ofSeconds(120)).build().post().uri("/api/songs")
                        .body(BodyInserters.fromMultipartData(form.build())).exchange().returnResult(String.class);
                String body = result.getResponseBody().blockFirst(Duration.ofSeconds(120));
                int status = result.getStatus().value();
                if (status != 201 && status != 200) {
                    refused.add(seed + ": " + status + " " + body);
                } else if (body != null && body.contains(sha256(bytes))) {
                    intact.incrementAndGet();
                } else {
                    damaged.add(seed + ": " + body);
                }
                return null;
            }));
        }
        for (Future<?> upload : sent) {
            upload.get(30, TimeUnit.MINUTES);
        }
        senders.shutdown();
        System.out.printf("upload-integrity: %d uploads, %d intact, %d damaged, %d refused%n",
                uploads, intact.get(), damaged.size(), refused.size());
        assertThat(damaged).as("acknowledged under another id").isEmpty();
        assertThat(intact.get() + refused.size()).isEqualTo(uploads);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
