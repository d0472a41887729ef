package org.dispotify.data.replication;

/** Bytes from another node that do not match what they claim to be; the copy is dropped. */
class ReplicaMismatchException extends RuntimeException {

    ReplicaMismatchException(String message) {
        super(message);
    }
}
