package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FractionalKeyPropertiesTest {

    /** Keys made by inserting at random places always stay in order, strictly, and well formed. */
    @Property
    void aKeyBetweenTwoSortsStrictlyBetweenThem(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 1_000) Integer> places) {
        List<String> keys = new ArrayList<>();
        for (int place : places) {
            int index = place % (keys.size() + 1);
            String before = index == 0 ? null : keys.get(index - 1);
            String after = index == keys.size() ? null : keys.get(index);
            String key = FractionalKey.between(before, after);
            if (before != null) {
                assertThat(key).isGreaterThan(before);
            }
            if (after != null) {
                assertThat(key).isLessThan(after);
            }
            assertThat(key).doesNotEndWith("0").matches("[0-9A-Za-z]+");
            keys.add(index, key);
        }
        assertThat(keys).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void keysOutOfOrderOrMalformedAreRefused() {
        assertThatThrownBy(() -> FractionalKey.between("b", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FractionalKey.between("a", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FractionalKey.between("a0", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FractionalKey.between("a-", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
