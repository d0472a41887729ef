package org.dispotify.dns.dnswire;

/** How a query arrived; decides the answer's size limit. */
enum Transport {
    UDP("udp"), TCP("tcp");

    final String tag;

    Transport(String tag) {
        this.tag = tag;
    }
}
