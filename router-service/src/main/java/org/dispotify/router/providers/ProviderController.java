package org.dispotify.router.providers;

import java.net.URI;

import org.dispotify.router.system.RouterProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Where to stream a song from: the provider list, or a redirect straight to one of them. */
@RestController
@CrossOrigin
@RequestMapping("/api/songs/{id}")
class ProviderController {

    private final ProviderChooser chooser;

    ProviderController(ProviderChooser chooser) {
        this.chooser = chooser;
    }

    @GetMapping("/providers")
    Mono<Providers> providers(@PathVariable String id, ServerHttpRequest request) {
        return chooser.choose(id, request.getURI());
    }

    /** 307 keeps the method and the listener's headers (Range) on the way to the data node (or the relay). */
    @GetMapping("/stream")
    Mono<ResponseEntity<Void>> stream(@PathVariable String id, ServerHttpRequest request) {
        return chooser.choose(id, request.getURI()).flatMap(found -> {
            if (found.providers().isEmpty()) {
                return Mono.error(RouterProblems.noProvider(id));
            }
            String url = found.providers().get(0).url();
            String query = request.getURI().getRawQuery();
            // A relay URL has a query of its own (?node=).
            URI location = URI.create(query == null ? url : url + (url.indexOf('?') < 0 ? "?" : "&") + query);
            return Mono.just(ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).location(location).<Void>build());
        });
    }
}
