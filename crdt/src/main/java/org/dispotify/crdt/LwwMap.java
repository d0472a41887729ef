package org.dispotify.crdt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A map of last-writer-wins registers: each key's value is its latest write, a removal is a write of
 * nothing (kept as a tombstone, so an older copy cannot bring the key back). Ratings are these (song id →
 * 1-5), and a user's fields.
 *
 * @param entries each key's register
 */
public record LwwMap<K, V>(Map<K, LwwRegister<V>> entries) implements Mergeable<LwwMap<K, V>> {

    public LwwMap {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
    }

    public static <K, V> LwwMap<K, V> empty() {
        return new LwwMap<>(Map.of());
    }

    public LwwMap<K, V> put(K key, V value, Hlc at) {
        if (value == null) {
            throw new IllegalArgumentException("a null value is a removal: use remove");
        }
        return write(key, value, at);
    }

    public LwwMap<K, V> remove(K key, Hlc at) {
        return write(key, null, at);
    }

    public Optional<V> get(K key) {
        LwwRegister<V> register = entries.get(key);
        return register == null ? Optional.empty() : register.get();
    }

    /** The keys with a value now (not removed). */
    public Set<K> keys() {
        return entries.entrySet().stream().filter(e -> e.getValue().value() != null).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public LwwMap<K, V> merge(LwwMap<K, V> other) {
        return new LwwMap<>(Stamps.merged(entries, other.entries));
    }

    private LwwMap<K, V> write(K key, V value, Hlc at) {
        Map<K, LwwRegister<V>> next = new HashMap<>(entries);
        next.merge(key, LwwRegister.of(value, at), LwwRegister::merge);
        return new LwwMap<>(next);
    }
}
