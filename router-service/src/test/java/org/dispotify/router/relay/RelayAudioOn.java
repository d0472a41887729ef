package org.dispotify.router.relay;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * A router test with the audio relay on. One annotation for every such class, so that they share
 * one Spring context (the relay router) beside the default one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {
        "dispotify.router.relay-audio=true",
        "dispotify.router.relay-first-byte-timeout=1s"})
public @interface RelayAudioOn {
}
