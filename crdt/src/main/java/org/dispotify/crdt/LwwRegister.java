package org.dispotify.crdt;

import java.util.Objects;
import java.util.Optional;

/**
 * A last-writer-wins register: the value of the write with the latest stamp. A null value is a register
 * never written, or cleared.
 *
 * @param value the current value, or null
 * @param stamp the stamp of the write that set it ({@link Hlc#ZERO} if none)
 */
public record LwwRegister<T>(T value, Hlc stamp) implements Mergeable<LwwRegister<T>> {

    public LwwRegister {
        stamp = stamp == null ? Hlc.ZERO : stamp;
    }

    public static <T> LwwRegister<T> empty() {
        return new LwwRegister<>(null, Hlc.ZERO);
    }

    public static <T> LwwRegister<T> of(T value, Hlc stamp) {
        return new LwwRegister<>(value, stamp);
    }

    /** This register after a write of {@code next} at {@code at}: unchanged if a later write is already here. */
    public LwwRegister<T> set(T next, Hlc at) {
        return merge(new LwwRegister<>(next, at));
    }

    public Optional<T> get() {
        return Optional.ofNullable(value);
    }

    @Override
    public LwwRegister<T> merge(LwwRegister<T> other) {
        int order = stamp.compareTo(other.stamp);
        if (order != 0) {
            return order > 0 ? this : other;
        }
        // One stamp is one write, so the values agree; if a caller broke that, still choose the same on every replica.
        if (Objects.equals(value, other.value)) {
            return this;
        }
        return String.valueOf(value).compareTo(String.valueOf(other.value)) >= 0 ? this : other;
    }
}
