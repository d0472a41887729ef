package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Favourites starred and unstarred on two devices. */
class LwwSetTest {

    private static Hlc at(long millis, String node) {
        return new Hlc(millis, 0, node);
    }

    @Test
    void theLaterClickWinsOnEveryCopy() {
        LwwSet<String> phone = LwwSet.<String>empty().add("song", at(1, "r1")).remove("song", at(5, "r1"));
        LwwSet<String> browser = LwwSet.<String>empty().add("song", at(7, "r2"));

        assertThat(phone.merge(browser).contains("song")).as("starred again after the unstar").isTrue();
        assertThat(browser.merge(phone).elements()).containsExactly("song");
        assertThat(phone.merge(browser).addedAt("song")).contains(at(7, "r2"));
    }

    @Test
    void aCopyThatMissedTheRemovalDoesNotBringTheElementBack() {
        LwwSet<String> before = LwwSet.<String>empty().add("song", at(1, "r1"));
        LwwSet<String> after = before.remove("song", at(2, "r2"));

        assertThat(before.merge(after).contains("song")).isFalse();
        assertThat(after.merge(before).elements()).isEmpty();
    }

    @Test
    void countersCountEveryNodesPlaysOnce() {
        NodeCounter a = NodeCounter.zero().increment("r1", 2);
        NodeCounter b = NodeCounter.zero().increment("r2", 3);
        NodeCounter both = a.merge(b);

        assertThat(both.value()).isEqualTo(5);
        assertThat(both.merge(a).merge(b).value()).as("merged again, counted once").isEqualTo(5);
        assertThat(both.increment("r1", 1).merge(a).value()).isEqualTo(6);
    }

    @Test
    void aMapRemovalIsATombstoneThatAnOlderPutDoesNotUndo() {
        LwwMap<String, Integer> rated = LwwMap.<String, Integer>empty().put("song", 4, at(1, "r1"));
        LwwMap<String, Integer> cleared = rated.remove("song", at(3, "r2"));
        LwwMap<String, Integer> rerated = rated.put("song", 5, at(2, "r1"));

        assertThat(cleared.merge(rerated).get("song")).isEmpty();
        assertThat(rerated.merge(cleared).keys()).isEmpty();
        assertThat(rerated.put("song", 2, at(4, "r1")).merge(cleared).get("song")).contains(2);
    }
}
