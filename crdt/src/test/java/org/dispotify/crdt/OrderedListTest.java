package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A playlist edited on two routers at once: the edits a user would make, and what both see after. */
class OrderedListTest {

    private final HybridClock phone = new HybridClock("router-1", () -> 1_000, 60_000);
    private final HybridClock browser = new HybridClock("router-2", () -> 1_000, 60_000);

    private OrderedList<String> abc() {
        return OrderedList.<String>empty().append("a", phone.now()).append("b", phone.now()).append("c", phone.now());
    }

    @Test
    void insertsAppendsAndMovesKeepTheOrderAsked() {
        OrderedList<String> list = abc().insert(0, "start", phone.now()).insert(2, "mid", phone.now());
        assertThat(list.values()).containsExactly("start", "a", "mid", "b", "c");

        assertThat(list.move(4, 0, phone.now()).values()).containsExactly("c", "start", "a", "mid", "b");
        assertThat(list.move(0, 4, phone.now()).values()).containsExactly("a", "mid", "b", "c", "start");
        assertThat(list.move(1, 2, phone.now()).values()).containsExactly("start", "mid", "a", "b", "c");
    }

    @Test
    void twoAddsAtTheSamePlaceAtOnceBothStayInTheSameOrderEverywhere() {
        OrderedList<String> base = abc();
        OrderedList<String> onPhone = base.insert(1, "x", phone.now());
        OrderedList<String> inBrowser = base.insert(1, "y", browser.now());

        OrderedList<String> one = onPhone.merge(inBrowser);
        OrderedList<String> other = inBrowser.merge(onPhone);
        assertThat(one.values()).hasSize(5).startsWith("a").endsWith("b", "c").contains("x", "y");
        assertThat(other.items()).isEqualTo(one.items());
    }

    @Test
    void aRemovalTakesItsEntryOnlyNotAnotherOfTheSameSong() {
        OrderedList<String> base = abc().append("a", phone.now());
        OrderedList<String> removedFirst = base.removeAt(0, phone.now());
        OrderedList<String> addedElsewhere = base.append("a", browser.now());

        assertThat(removedFirst.merge(addedElsewhere).values()).containsExactly("b", "c", "a", "a");
    }

    @Test
    void aMoveAndARemovalOfTheSameEntryAtOnce_theRemovalHolds() {
        OrderedList<String> base = abc();
        OrderedList<String> moved = base.move(0, 2, phone.now());
        OrderedList<String> removed = base.removeAt(0, browser.now());

        assertThat(moved.merge(removed).values()).containsExactly("b", "c");
    }

    @Test
    void theLaterOfTwoMovesOfOneEntryWins() {
        OrderedList<String> base = abc();
        OrderedList<String> first = base.move(0, 2, phone.now());
        OrderedList<String> later = base.move(0, 1, new HybridClock("router-2", () -> 2_000, 60_000).now());

        assertThat(first.merge(later).values()).containsExactly("b", "a", "c");
        assertThat(later.merge(first).values()).containsExactly("b", "a", "c");
    }

    @Test
    void manyInsertsAtTheFrontKeepShortKeys() {
        OrderedList<String> list = OrderedList.empty();
        for (int i = 0; i < 500; i++) {
            list = list.insert(0, "s" + i, phone.now());
        }
        assertThat(list.values()).first().isEqualTo("s499");
        assertThat(list.values()).last().isEqualTo("s0");
        int longest = list.entries().values().stream().mapToInt(e -> e.position().value().length()).max().orElse(0);
        assertThat(longest).as("key length after 500 inserts at the front").isLessThan(120);
    }

    @Test
    void badIndexesAndReusedStampsAreRefused() {
        OrderedList<String> list = abc();
        assertThatThrownBy(() -> list.insert(4, "x", phone.now())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.removeAt(3, phone.now())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.move(0, 3, phone.now())).isInstanceOf(IndexOutOfBoundsException.class);
        Hlc used = phone.now();
        OrderedList<String> once = list.append("x", used);
        assertThatThrownBy(() -> once.append("y", used)).isInstanceOf(IllegalArgumentException.class);
    }
}
