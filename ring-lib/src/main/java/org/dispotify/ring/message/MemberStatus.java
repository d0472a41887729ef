package org.dispotify.ring.message;

/** A member's health as the ring sees it; a later status wins over an earlier one at the same incarnation. */
public enum MemberStatus {
    ALIVE,
    SUSPECT,
    DEAD
}
