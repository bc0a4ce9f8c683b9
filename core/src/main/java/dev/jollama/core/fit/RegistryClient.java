package dev.jollama.core.fit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.http.AnswerSize;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpCall;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.HttpTransport;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.json.Json;
import dev.jollama.core.text.Durations;
import dev.jollama.core.text.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a pull would download, without downloading it: a model's manifest, its config blob, and
 * the first bytes of its layers by HTTP {@code Range}, following the registry's redirect to its CDN
 * as Ollama does. The daemon's API key is never sent here.
 */
public final class RegistryClient {

    private static final int MAX_REDIRECTS = 10;
    private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private final URI configured;
    private final Timeouts timeouts;
    private final javax.net.ssl.SSLSocketFactory tls;

    /** {@code configured}: the registry for names without a host (JOLLAMA_REGISTRY); null: registry.ollama.ai. */
    public RegistryClient(URI configured, Timeouts timeouts, javax.net.ssl.SSLSocketFactory tls) {
        this.configured = configured;
        this.timeouts = timeouts;
        this.tls = tls;
    }

    /**
     * The registry (or its CDN) was too slow. The transport's own words speak of Ollama; these name the
     * registry and the bounds it was held to.
     */
    private RegistryUnreachableException late(URI target, long deadline, JollamaException cause) {
        String bound = deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0
                ? "within " + Durations.human(timeouts.total()) + ", the deadline of a registry read"
                : "in time (first-byte timeout " + Durations.human(timeouts.firstByte()) + ", the whole answer"
                        + " within " + Durations.human(timeouts.idle()) + " of its start)";
        return new RegistryUnreachableException(
                target,
                "the model registry at " + target.getScheme() + "://" + target.getRawAuthority() + " did not answer "
                        + bound,
                cause);
    }

    private static JsonNode json(URI uri, byte[] bytes) {
        try {
            return Json.wire().readTree(bytes);
        } catch (IOException e) {
            // A captive portal or a proxy's error page: not the registry.
            throw new RegistryUnreachableException(
                    uri,
                    uri + " answered something that is not JSON: is it a model"
                            + " registry? (a proxy or a login page answers like this)",
                    e);
        }
    }

    /** One layer of a manifest. */
    public record Layer(String mediaType, String digest, long size) {
        public boolean isModel() {
            return "application/vnd.ollama.image.model".equals(mediaType);
        }

        public boolean isProjector() {
            return "application/vnd.ollama.image.projector".equals(mediaType);
        }

        /** A draft model for speculative decoding (a GGUF that loads with the model). */
        public boolean isDraft() {
            return "application/vnd.ollama.image.draft".equals(mediaType);
        }

        /** One tensor of a safetensors model (many such layers, no GGUF). */
        public boolean isTensor() {
            return "application/vnd.ollama.image.tensor".equals(mediaType);
        }
    }

    /** A manifest: the config blob's digest and the layers. */
    public record Manifest(String configDigest, List<Layer> layers) {}

    public Manifest manifest(ModelName name) {
        URI uri = name.registry(configured).resolve(name.path() + "/manifests/" + name.tag());
        JsonNode json = json(uri, get(name, uri, Map.of("Accept", MANIFEST), (int) AnswerSize.MAX, Read.MANIFEST));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : json.path("layers")) {
            layers.add(new Layer(
                    l.path("mediaType").asText(),
                    l.path("digest").asText(),
                    l.path("size").asLong()));
        }
        return new Manifest(json.path("config").path("digest").asText(null), List.copyOf(layers));
    }

    /** A small blob (the config), whole. */
    public JsonNode config(ModelName name, String digest) {
        URI uri = name.registry(configured).resolve(name.path() + "/blobs/" + digest);
        return json(uri, get(name, uri, Map.of(), (int) AnswerSize.MAX, Read.BLOB));
    }

    /** {@code length} bytes of a blob from {@code from} (fewer at its end). */
    public byte[] range(ModelName name, String digest, long from, int length) {
        URI uri = name.registry(configured).resolve(name.path() + "/blobs/" + digest);
        return get(name, uri, Map.of("Range", "bytes=" + from + "-" + (from + length - 1)), length, Read.RANGE);
    }

    /** What a read is: a manifest (a 404 means no such model), a blob read whole, or a blob's first bytes. */
    private enum Read {
        MANIFEST,
        BLOB,
        RANGE
    }

    private byte[] get(ModelName name, URI uri, Map<String, String> headers, int limit, Read read) {
        // One deadline for the read, its redirects included: each hop gets what is left of it.
        long deadline = timeouts.total() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + timeouts.total().toNanos();
        URI target = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (deadline != Long.MAX_VALUE && left.isNegative()) {
                throw late(target, deadline, null);
            }
            HttpTransport transport = new HttpTransport(
                    OllamaHost.parse(target.getScheme() + "://" + target.getRawAuthority()),
                    deadline == Long.MAX_VALUE ? timeouts : timeouts.within(left),
                    new HttpSettings(null, tls, null));
            HttpCall call;
            try {
                call = transport.open(target, "GET", headers, null, new Cancellation());
            } catch (DaemonUnreachableException e) {
                throw new RegistryUnreachableException(target, e);
            } catch (JollamaException e) {
                throw late(target, deadline, e);
            }
            try (call) {
                int status = call.status();
                if (status / 100 == 3 && call.header("Location") != null) {
                    target = target.resolve(call.header("Location"));
                    continue;
                }
                if (status == 404 && read == Read.MANIFEST) {
                    throw new ModelNotFoundException(
                            name.toString(),
                            "model '" + Excerpt.of(name.toString()) + "' is not in the registry at "
                                    + target.getScheme() + "://" + target.getRawAuthority()
                                    + " (manifest unknown): check the"
                                    + " name at https://ollama.com/library");
                }
                if (status / 100 != 2) {
                    throw new RegistryUnreachableException(
                            target,
                            "the registry answered HTTP " + status + " for " + Excerpt.of(target.toString()),
                            null);
                }
                try {
                    if (read != Read.RANGE) {
                        return call.wholeBody(limit).readAllBytes();
                    }
                    // A server that ignores Range sends the whole blob: take what is needed and hang up.
                    return call.body().readNBytes(limit);
                } catch (IOException e) {
                    JollamaException failure = call.failure(e);
                    if (e instanceof java.net.SocketTimeoutException) {
                        throw late(target, deadline, failure);
                    }
                    throw new RegistryUnreachableException(
                            target,
                            "reading from " + Excerpt.of(target.toString()) + " failed: " + failure.getMessage(),
                            e);
                }
            }
        }
        throw new RegistryUnreachableException(uri, "more than " + MAX_REDIRECTS + " redirects from " + uri, null);
    }
}
