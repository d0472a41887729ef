package org.dispotify.crdt;

/**
 * State that replicas merge without coordination. Every implementation's merge is commutative
 * ({@code a.merge(b)} equals {@code b.merge(a)}), associative and idempotent ({@code a.merge(a)} equals
 * {@code a}), so copies that saw the same writes in any order, any number of times, end up equal.
 * Implementations are immutable: a write or a merge returns a new value.
 */
public interface Mergeable<T extends Mergeable<T>> {

    T merge(T other);
}
