package org.dispotify.datatest;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Blocking calls on event loops that are not the data role's, each a one-off: BlockHound still
 * fails every test in which the data role's own code blocks a Netty or Reactor parallel thread.
 */
public class KnownBlockingCalls implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // The test client's multipart writer seeds SecureRandom (reads /dev/urandom) once.
        builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
        // springdoc reads class files the first time it builds the OpenAPI document.
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
