package org.dispotify.ring.sim;

import org.dispotify.ring.message.RingMessage;

/** What the network needs of a process at the end of a link. */
interface Endpoint {

    String id();

    int port();

    /** Counts process starts: a message sent to one process is not delivered to a later one on its port. */
    long generation();

    /** The process exists (its port takes connections). */
    boolean listening();

    /** Hands an arrived message to the process. */
    void receive(RingMessage message);
}
