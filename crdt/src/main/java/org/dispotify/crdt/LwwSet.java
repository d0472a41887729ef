package org.dispotify.crdt;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An add/remove set whose elements each keep the stamp of their latest add and of their latest remove: an
 * element is in the set when its latest add is later than its latest remove. So a remove beats only the
 * adds it followed, an add made after a remove (on another router, say) brings the element back, and
 * copies that saw the same adds and removes agree whatever order they merged in. Favourites are these:
 * star on a phone, unstar in the browser, and the later click wins everywhere.
 * <p>
 * Removes leave a tombstone (the remove's stamp): a copy that missed the remove must not bring the element
 * back by merging its older add. Favourites and playlists are small, so tombstones are kept.
 *
 * @param added   each element's latest add
 * @param removed each element's latest remove
 */
public record LwwSet<E>(Map<E, Hlc> added, Map<E, Hlc> removed) implements Mergeable<LwwSet<E>> {

    public LwwSet {
        added = added == null ? Map.of() : Map.copyOf(added);
        removed = removed == null ? Map.of() : Map.copyOf(removed);
    }

    public static <E> LwwSet<E> empty() {
        return new LwwSet<>(Map.of(), Map.of());
    }

    public LwwSet<E> add(E element, Hlc at) {
        return new LwwSet<>(later(added, element, at), removed);
    }

    public LwwSet<E> remove(E element, Hlc at) {
        return new LwwSet<>(added, later(removed, element, at));
    }

    public boolean contains(E element) {
        Hlc add = added.get(element);
        return add != null && add.after(removed.getOrDefault(element, Hlc.ZERO));
    }

    /** The elements in the set now. */
    public Set<E> elements() {
        return added.keySet().stream().filter(this::contains).collect(Collectors.toUnmodifiableSet());
    }

    /** When the element was last added, if it is in the set: what "starred on" shows. */
    public java.util.Optional<Hlc> addedAt(E element) {
        return contains(element) ? java.util.Optional.of(added.get(element)) : java.util.Optional.empty();
    }

    @Override
    public LwwSet<E> merge(LwwSet<E> other) {
        return new LwwSet<>(Stamps.latest(added, other.added), Stamps.latest(removed, other.removed));
    }

    private static <E> Map<E, Hlc> later(Map<E, Hlc> stamps, E element, Hlc at) {
        Map<E, Hlc> next = new HashMap<>(stamps);
        next.merge(element, at, Hlc::max);
        return next;
    }
}
