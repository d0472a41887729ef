package org.dispotify.ring.view;

import java.util.Objects;

/**
 * Something the ring did or learned, as seen by {@code observer}.
 *
 * @param subject the member the event is about (the walk's initiator for walk events)
 * @param detail  free text for logs and the cluster page; walk events start with the walk id
 */
public record RingEvent(Type type, String observer, String subject, String detail) {

    public enum Type {
        JOINED, SUSPECTED, REFUTED, ALIVE, DEAD, LEFT, WALK_STARTED, WALK_FINISHED, WALK_ABANDONED, IMBALANCE, IMBALANCE_ENDED, ROLE_SWITCHED
    }

    public RingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? "" : detail;
    }
}
