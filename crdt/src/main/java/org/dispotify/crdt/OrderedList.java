package org.dispotify.crdt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list that replicas edit at once: each entry has an id of its own (the stamp of its insert), its
 * item, and a position that is a last-writer-wins register of a {@link FractionalKey}; which entries are
 * in the list is an {@link LwwSet} of ids. So two routers adding to one playlist at once both add, a move
 * is one entry's new position (the later move of the same entry wins), a removal removes that entry and not
 * another that holds the same song, and entries that land on the same position sort by id, the same on
 * every replica. A playlist's songs are this.
 *
 * @param entries every entry ever inserted, by id (removed ones too: their ids are tombstones in {@code present})
 * @param present which entries are in the list
 */
public record OrderedList<E>(Map<String, Entry<E>> entries, LwwSet<String> present) implements Mergeable<OrderedList<E>> {

    /** One inserted item and where it sorts. */
    public record Entry<E>(E item, LwwRegister<String> position) implements Mergeable<Entry<E>> {

        public Entry {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public Entry<E> merge(Entry<E> other) {
            // An entry's item never changes (one id, one insert); only its position does.
            E item = Objects.equals(this.item, other.item) || String.valueOf(this.item).compareTo(String.valueOf(other.item)) >= 0
                    ? this.item : other.item;
            return new Entry<>(item, position.merge(other.position));
        }
    }

    /** An entry in list order: its id and its item. */
    public record Item<E>(String id, E item) {
    }

    private static final int JITTER_STEPS = 6;

    public OrderedList {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
        present = present == null ? LwwSet.empty() : present;
    }

    public static <E> OrderedList<E> empty() {
        return new OrderedList<>(Map.of(), LwwSet.empty());
    }

    /** The entries in the list, in order. */
    public List<Item<E>> items() {
        return present.elements().stream()
                .filter(entries::containsKey)
                .sorted(Comparator.comparing((String id) -> entries.get(id).position().value()).thenComparing(id -> id))
                .map(id -> new Item<>(id, entries.get(id).item()))
                .toList();
    }

    /** The items in order. */
    public List<E> values() {
        return items().stream().map(Item::item).toList();
    }

    public int size() {
        return items().size();
    }

    /** {@code item} inserted at {@code index} (0 to size), as an entry whose id is {@code at}'s text. */
    public OrderedList<E> insert(int index, E item, Hlc at) {
        List<Item<E>> order = items();
        checkIndex(index, order.size() + 1);
        String id = at.toString();
        if (entries.containsKey(id)) {
            throw new IllegalArgumentException("stamp " + at + " was used already: one stamp, one insert");
        }
        String position = positionAt(order, index, at);
        Map<String, Entry<E>> next = new HashMap<>(entries);
        next.put(id, new Entry<>(item, LwwRegister.of(position, at)));
        return new OrderedList<>(next, present.add(id, at));
    }

    public OrderedList<E> append(E item, Hlc at) {
        return insert(size(), item, at);
    }

    /** The entry at {@code index} removed. */
    public OrderedList<E> removeAt(int index, Hlc at) {
        List<Item<E>> order = items();
        checkIndex(index, order.size());
        return remove(order.get(index).id(), at);
    }

    /** The entry with this id removed (if it is there, or comes later from another copy). */
    public OrderedList<E> remove(String entryId, Hlc at) {
        return new OrderedList<>(entries, present.remove(entryId, at));
    }

    /** The entry at {@code from} moved so that it ends up at {@code to} (both in the list as it is now). */
    public OrderedList<E> move(int from, int to, Hlc at) {
        List<Item<E>> order = new ArrayList<>(items());
        checkIndex(from, order.size());
        checkIndex(to, order.size());
        if (from == to) {
            return this;
        }
        Item<E> moving = order.remove(from);
        String position = positionAt(order, to, at);
        Map<String, Entry<E>> next = new HashMap<>(entries);
        next.computeIfPresent(moving.id(), (id, entry) -> new Entry<>(entry.item(), entry.position().set(position, at)));
        return new OrderedList<>(next, present);
    }

    @Override
    public OrderedList<E> merge(OrderedList<E> other) {
        return new OrderedList<>(Stamps.merged(entries, other.entries), present.merge(other.present));
    }

    /**
     * A key for a new position just before {@code order[index]}. Two routers inserting at the same place at
     * once would compute the same midpoint; each walks a few halvings further into the gap, steered by its
     * stamp, so their keys almost always differ (and when they do not, the ids order them, the same
     * everywhere). Neighbours whose keys are equal (such a rare tie) leave no gap between them: the new
     * position goes after both.
     */
    private String positionAt(List<Item<E>> order, int index, Hlc at) {
        String before = keyAt(order, index - 1);
        String after = keyAt(order, index);
        for (int i = index; after != null && after.equals(before); i++) {
            after = keyAt(order, i + 1);
        }
        String key = FractionalKey.between(before, after);
        int steer = at.toString().hashCode();
        for (int step = 0; step < JITTER_STEPS; step++) {
            if ((steer >>> step & 1) == 0) {
                after = key;
            } else {
                before = key;
            }
            key = FractionalKey.between(before, after);
        }
        return key;
    }

    private String keyAt(List<Item<E>> order, int index) {
        return index < 0 || index >= order.size() ? null : entries.get(order.get(index).id()).position().value();
    }

    private static void checkIndex(int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (bound - 1));
        }
    }
}
