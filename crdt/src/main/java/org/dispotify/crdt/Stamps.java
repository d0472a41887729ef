package org.dispotify.crdt;

import java.util.HashMap;
import java.util.Map;

/** Pointwise merges of maps, the step every map-shaped type here shares. */
final class Stamps {

    private Stamps() {
    }

    /** Each key's later stamp. */
    static <K> Map<K, Hlc> latest(Map<K, Hlc> a, Map<K, Hlc> b) {
        Map<K, Hlc> merged = new HashMap<>(a);
        b.forEach((key, stamp) -> merged.merge(key, stamp, Hlc::max));
        return merged;
    }

    /** Each key's values merged. */
    static <K, V extends Mergeable<V>> Map<K, V> merged(Map<K, V> a, Map<K, V> b) {
        Map<K, V> merged = new HashMap<>(a);
        b.forEach((key, value) -> merged.merge(key, value, Mergeable::merge));
        return merged;
    }
}
