package org.dispotify.router.upload;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/songs}: the data role's upload form, taken by the router, spooled to disk and
 * stored on a data node. The temp file is deleted however the request ends.
 */
@RestController
@CrossOrigin
class UploadController {

    private final UploadSpooler spooler;
    private final UploadForwarder forwarder;

    UploadController(UploadSpooler spooler, UploadForwarder forwarder) {
        this.spooler = spooler;
        this.forwarder = forwarder;
    }

    @PostMapping(path = "/api/songs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<Object>> upload(@RequestBody Flux<PartEvent> parts) {
        return Mono.usingWhen(spooler.createTempFile(),
                file -> spooler.spool(parts, file).flatMap(forwarder::forward),
                spooler::delete);
    }

    /** Any other body: answered here (not by the handler lookup) so it is problem+json too. */
    @PostMapping("/api/songs")
    Mono<ResponseEntity<Object>> notMultipart() {
        return Mono.error(new UnsupportedMediaTypeStatusException(
                "Upload a song as multipart/form-data with a 'file' part."));
    }
}
