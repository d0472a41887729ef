package org.dispotify.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The three laws that make replicas converge without coordination, for every type: merge is commutative,
 * associative and idempotent. Each state is built from random writes; stamps are unique across the states
 * of one try (a stamp is one write), as a hybrid clock guarantees.
 */
class MergeLawsPropertiesTest {

    /** One random write: which kind, on which key, with what value, at what time, by which node. */
    record Write(int kind, String key, int value, long millis, String node) {
    }

    static Arbitrary<List<Write>> randomWrites() {
        Arbitrary<Write> write = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.of("a", "b", "c", "d"), Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(0, 20), Arbitraries.of("n1", "n2", "n3")).as(Write::new);
        return write.list().ofMaxSize(12);
    }

    /** A replica's state after its writes: the {@code replica}-th of a try, so its stamps' counters are its own. */
    interface Build<T> {
        T from(List<Write> writes, int replica);
    }

    static Hlc stamp(Write write, int replica, int index) {
        return new Hlc(write.millis(), replica * 1_000 + index, write.node());
    }

    static final Build<LwwRegister<Integer>> REGISTER = (writes, replica) -> {
        LwwRegister<Integer> register = LwwRegister.empty();
        for (int i = 0; i < writes.size(); i++) {
            register = register.set(writes.get(i).value(), stamp(writes.get(i), replica, i));
        }
        return register;
    };

    static final Build<LwwSet<String>> SET = (writes, replica) -> {
        LwwSet<String> set = LwwSet.empty();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            set = w.kind() % 2 == 0 ? set.add(w.key(), stamp(w, replica, i)) : set.remove(w.key(), stamp(w, replica, i));
        }
        return set;
    };

    static final Build<NodeCounter> COUNTER = (writes, replica) -> {
        NodeCounter counter = NodeCounter.zero();
        for (Write w : writes) {
            counter = counter.increment(w.node(), w.value());
        }
        return counter;
    };

    static final Build<LwwMap<String, Integer>> MAP = (writes, replica) -> {
        LwwMap<String, Integer> map = LwwMap.empty();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            map = w.kind() == 3 ? map.remove(w.key(), stamp(w, replica, i)) : map.put(w.key(), w.value(), stamp(w, replica, i));
        }
        return map;
    };

    static final Build<OrderedList<String>> LIST = (writes, replica) -> {
        OrderedList<String> list = OrderedList.empty();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            Hlc at = stamp(w, replica, i);
            int size = list.size();
            if (w.kind() <= 1 || size == 0) {
                list = list.insert(w.value() % (size + 1), w.key(), at);
            } else if (w.kind() == 2) {
                list = list.removeAt(w.value() % size, at);
            } else {
                list = list.move(w.value() % size, (w.value() * 7) % size, at);
            }
        }
        return list;
    };

    /** A document's fields, each family written by the same writes (field named by the write's key). */
    static final Build<Document> DOCUMENT = (writes, replica) -> {
        Document doc = Document.empty();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            Hlc at = stamp(w, replica, i);
            String value = Integer.toString(w.value());
            doc = switch (w.kind()) {
                case 0 -> doc.withRegister(w.key(), r -> r.set(value, at));
                case 1 -> doc.withSet(w.key(), set -> w.value() % 2 == 0 ? set.add(value, at) : set.remove(value, at));
                case 2 -> doc.withMap(w.key(), map -> map.put(value, w.node(), at)).withCounter(w.key(), c -> c.increment(w.node(), 1));
                default -> doc.withList(w.key(), list -> list.insert(w.value() % (list.size() + 1), value, at));
            };
        }
        return doc;
    };

    private static <T extends Mergeable<T>> void laws(Build<T> build, List<Write> a, List<Write> b, List<Write> c) {
        T x = build.from(a, 0);
        T y = build.from(b, 1);
        T z = build.from(c, 2);
        assertThat(x.merge(y)).as("commutative").isEqualTo(y.merge(x));
        assertThat(x.merge(y).merge(z)).as("associative").isEqualTo(x.merge(y.merge(z)));
        assertThat(x.merge(x)).as("idempotent").isEqualTo(x);
        assertThat(x.merge(y).merge(y)).as("idempotent after a merge").isEqualTo(x.merge(y));
    }

    @Property
    void lwwRegister(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(REGISTER, a, b, c);
    }

    @Property
    void lwwSet(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(SET, a, b, c);
    }

    @Property
    void nodeCounter(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(COUNTER, a, b, c);
    }

    @Property
    void lwwMap(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(MAP, a, b, c);
    }

    @Property
    void orderedList(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(LIST, a, b, c);
    }

    @Property
    void document(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b, @ForAll("writes") List<Write> c) {
        laws(DOCUMENT, a, b, c);
    }

    /** What a reader sees converges too: the list's order, from any merge order of three replicas. */
    @Property
    void orderedListsReadTheSameWhateverTheMergeOrder(@ForAll("writes") List<Write> a, @ForAll("writes") List<Write> b,
            @ForAll("writes") List<Write> c) {
        OrderedList<String> x = LIST.from(a, 0);
        OrderedList<String> y = LIST.from(b, 1);
        OrderedList<String> z = LIST.from(c, 2);
        assertThat(z.merge(y).merge(x).items()).isEqualTo(x.merge(y).merge(z).items());
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        return randomWrites();
    }
}
