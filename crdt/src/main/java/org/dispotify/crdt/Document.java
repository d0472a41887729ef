package org.dispotify.crdt;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A replicated document: named fields of each CRDT family. Data nodes store and merge documents without
 * knowing what they mean (a merge is field by field, family by family); routers give them meaning (a
 * user's playlists, favourites, ratings, play counts). A field written by one router and another written
 * by a second both survive a merge; the same field written by both merges by its own type's rule.
 *
 * @param registers last-writer-wins values (a name, a flag, a JSON blob such as a saved play queue)
 * @param sets      add/remove sets (favourite songs, albums, artists)
 * @param maps      last-writer-wins maps (ratings: song id → 1-5)
 * @param counters  per-node counters (play counts)
 * @param lists     ordered lists (a playlist's songs)
 */
public record Document(Map<String, LwwRegister<String>> registers, Map<String, LwwSet<String>> sets,
                       Map<String, LwwMap<String, String>> maps, Map<String, NodeCounter> counters,
                       Map<String, OrderedList<String>> lists) implements Mergeable<Document> {

    public Document {
        registers = copy(registers);
        sets = copy(sets);
        maps = copy(maps);
        counters = copy(counters);
        lists = copy(lists);
    }

    public static Document empty() {
        return new Document(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    @Override
    public Document merge(Document other) {
        return new Document(Stamps.merged(registers, other.registers), Stamps.merged(sets, other.sets),
                Stamps.merged(maps, other.maps), Stamps.merged(counters, other.counters), Stamps.merged(lists, other.lists));
    }

    /** The latest stamp anywhere in the document ({@link Hlc#ZERO} if none): what a clock that read it observes. */
    public Hlc latest() {
        Stream<Hlc> stamps = Stream.of(
                registers.values().stream().map(LwwRegister::stamp),
                sets.values().stream().flatMap(Document::stamps),
                maps.values().stream().flatMap(map -> map.entries().values().stream().map(LwwRegister::stamp)),
                lists.values().stream().flatMap(list -> Stream.concat(stamps(list.present()),
                        list.entries().values().stream().map(entry -> entry.position().stamp()))))
                .flatMap(stream -> stream);
        return stamps.reduce(Hlc.ZERO, Hlc::max);
    }

    private static Stream<Hlc> stamps(LwwSet<String> set) {
        return Stream.concat(set.added().values().stream(), set.removed().values().stream());
    }

    public LwwRegister<String> register(String name) {
        return registers.getOrDefault(name, LwwRegister.empty());
    }

    public LwwSet<String> set(String name) {
        return sets.getOrDefault(name, LwwSet.empty());
    }

    public LwwMap<String, String> map(String name) {
        return maps.getOrDefault(name, LwwMap.empty());
    }

    public NodeCounter counter(String name) {
        return counters.getOrDefault(name, NodeCounter.zero());
    }

    public OrderedList<String> list(String name) {
        return lists.getOrDefault(name, OrderedList.empty());
    }

    public Document withRegister(String name, UnaryOperator<LwwRegister<String>> change) {
        return new Document(with(registers, name, change.apply(register(name))), sets, maps, counters, lists);
    }

    public Document withSet(String name, UnaryOperator<LwwSet<String>> change) {
        return new Document(registers, with(sets, name, change.apply(set(name))), maps, counters, lists);
    }

    public Document withMap(String name, UnaryOperator<LwwMap<String, String>> change) {
        return new Document(registers, sets, with(maps, name, change.apply(map(name))), counters, lists);
    }

    public Document withCounter(String name, UnaryOperator<NodeCounter> change) {
        return new Document(registers, sets, maps, with(counters, name, change.apply(counter(name))), lists);
    }

    public Document withList(String name, UnaryOperator<OrderedList<String>> change) {
        return new Document(registers, sets, maps, counters, with(lists, name, change.apply(list(name))));
    }

    private static <V> Map<String, V> copy(Map<String, V> fields) {
        return fields == null ? Map.of() : Map.copyOf(fields);
    }

    private static <V> Map<String, V> with(Map<String, V> fields, String name, V value) {
        Map<String, V> next = new HashMap<>(fields);
        next.put(name, value);
        return next;
    }
}
