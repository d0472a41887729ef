package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 14's data-role check, as a benchmark ({@code bench/upload-integrity.sh}): distinct long WAVs
 * uploaded straight to a data node, more at once than it ingests (busy answers are retried, as a
 * polite client does), each stored under the hash of what was sent and read back byte for byte.
 */
@EnabledIfSystemProperty(named = "dispotify.stress", matches = "true", disabledReason = "a benchmark: bench/upload-integrity.sh")
class DataUploadStressTest extends DataApiTestBase {

    @Test
    void everyAcknowledgedUploadIsStoredAndReadBackAsSent() throws Exception {
        client = client.mutate().responseTimeout(Duration.ofSeconds(120)).build();
        int uploads = Integer.getInteger("dispotify.stress.uploads", 200);
        ExecutorService senders = Executors.newFixedThreadPool(6);
        AtomicInteger intact = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        List<String> failed = new CopyOnWriteArrayList<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            int seed = i;
            sent.add(senders.submit(() -> {
                byte[] wav = TestAudio.wav(44_100, 2, 20 + seed % 60, 10_000 + seed);
                String id = Uploads.sha256(wav);
                for (int attempt = 0; attempt < 30; attempt++) {
                    var result = Uploads.upload(client, wav, "stress-" + seed + ".wav", Map.of()).returnResult(SongView.class);
                    int status = result.getStatus().value();
                    if (status == 503) {
                        busy.incrementAndGet();
                        Thread.sleep(200L + attempt * 100L);
                        continue;
                    }
                    SongView song = result.getResponseBody().blockFirst(Duration.ofSeconds(60));
                    byte[] back = client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk()
                            .expectBody(byte[].class).returnResult().getResponseBody();
                    if ((status == 201 || status == 200) && song != null && id.equals(song.id())
                            && java.util.Arrays.equals(wav, back)) {
                        intact.incrementAndGet();
                    } else {
                        failed.add(seed + ": " + status + " " + (song == null ? null : song.id()));
                    }
                    return null;
                }
                failed.add(seed + ": busy 30 times");
                return null;
            }));
        }
        for (Future<?> upload : sent) {
            upload.get(60, TimeUnit.MINUTES);
        }
        senders.shutdown();
        System.out.printf("data-upload-integrity: %d uploads, %d intact, %d failed, %d busy answers retried%n",
                uploads, intact.get(), failed.size(), busy.get());
        assertThat(failed).isEmpty();
        assertThat(intact.get()).isEqualTo(uploads);
    }
}
