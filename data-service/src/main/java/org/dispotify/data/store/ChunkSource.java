package org.dispotify.data.store;

import java.io.IOException;

/** Supplies the bytes of chunk {@code index} while a song is being inserted. */
@FunctionalInterface
public interface ChunkSource {

    byte[] bytes(ChunkLayout chunk) throws IOException;
}
