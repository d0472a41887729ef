package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A user's document edited on two routers: each field family merges by its own rule, fields apart. */
class DocumentTest {

    private static Hlc at(long millis, String node) {
        return new Hlc(millis, 0, node);
    }

    @Test
    void fieldsWrittenOnTwoRoutersBothSurviveAMerge() {
        Document phone = Document.empty()
                .withSet("songs", s -> s.add("song-1", at(1, "r1")))
                .withCounter("plays:song-1", c -> c.increment("r1", 1));
        Document browser = Document.empty()
                .withRegister("queue", r -> r.set("[\"song-2\"]", at(2, "r2")))
                .withCounter("plays:song-1", c -> c.increment("r2", 2))
                .withList("playlist:mix", l -> l.append("song-3", at(3, "r2")));

        Document merged = phone.merge(browser);

        assertThat(merged.set("songs").elements()).containsExactly("song-1");
        assertThat(merged.register("queue").get()).contains("[\"song-2\"]");
        assertThat(merged.counter("plays:song-1").value()).isEqualTo(3);
        assertThat(merged.list("playlist:mix").values()).containsExactly("song-3");
        assertThat(merged.map("ratings").keys()).as("a field no one wrote reads empty").isEmpty();
    }

    @Test
    void latestIsTheLatestStampOfAnyFamily() {
        Document doc = Document.empty()
                .withRegister("name", r -> r.set("Mix", at(5, "r1")))
                .withSet("songs", s -> s.add("a", at(2, "r1")).remove("a", at(9, "r2")))
                .withMap("ratings", m -> m.put("a", "4", at(7, "r1")))
                .withList("songs", l -> l.append("b", at(8, "r1")));

        assertThat(doc.latest()).isEqualTo(at(9, "r2"));
        assertThat(Document.empty().latest()).isEqualTo(Hlc.ZERO);
        assertThat(doc.withList("songs", l -> l.move(0, 0, at(11, "r3"))).latest()).as("a no-op move stamps nothing")
                .isEqualTo(at(9, "r2"));
    }
}
