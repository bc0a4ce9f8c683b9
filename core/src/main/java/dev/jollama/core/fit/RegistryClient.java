package dev.jollama.core.fit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpCall;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.HttpTransport;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
        JsonNode json = json(uri, get(name, uri, Map.of("Accept", MANIFEST), 4 << 20, true));
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
        return json(uri, get(name, uri, Map.of(), 1 << 20, false));
    }

    /** {@code length} bytes of a blob from {@code from} (fewer at its end). */
    public byte[] range(ModelName name, String digest, long from, int length) {
        URI uri = name.registry(configured).resolve(name.path() + "/blobs/" + digest);
        return get(name, uri, Map.of("Range", "bytes=" + from + "-" + (from + length - 1)), length, false);
    }

    private byte[] get(ModelName name, URI uri, Map<String, String> headers, int limit, boolean isManifest) {
        URI target = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpTransport transport = new HttpTransport(
                    OllamaHost.parse(target.getScheme() + "://" + target.getRawAuthority()),
                    timeouts,
                    new HttpSettings(null, tls, null));
            HttpCall call;
            try {
                call = transport.open(target, "GET", headers, null, new Cancellation());
            } catch (DaemonUnreachableException e) {
                throw new RegistryUnreachableException(target, e);
            } catch (JollamaException e) {
                // The transport words its timeouts for the daemon; here it is the registry that is slow.
                throw new RegistryUnreachableException(
                        target,
                        "the model registry at " + target.getScheme() + "://"
                                + target.getRawAuthority() + " did not answer in time ("
                                + timeouts.firstByte().toMillis()
                                + " ms, first-byte timeout)",
                        e);
            }
            try (call) {
                int status = call.status();
                if (status / 100 == 3 && call.header("Location") != null) {
                    target = target.resolve(call.header("Location"));
                    continue;
                }
                if (status == 404 && isManifest) {
                    throw new ModelNotFoundException(
                            name.toString(),
                            "model '" + name + "' is not in the registry at "
                                    + target.getScheme() + "://" + target.getRawAuthority()
                                    + " (manifest unknown): check the"
                                    + " name at https://ollama.com/library");
                }
                if (status / 100 != 2) {
                    throw new RegistryUnreachableException(
                            target, "the registry answered HTTP " + status + " for " + target, null);
                }
                try (InputStream in = call.body()) {
                    // A server that ignores Range sends the whole blob: take what is needed and hang up.
                    return in.readNBytes(limit);
                } catch (IOException e) {
                    JollamaException failure = call.failure(e);
                    throw new RegistryUnreachableException(
                            target, "reading from " + target + " failed: " + failure.getMessage(), e);
                }
            }
        }
        throw new RegistryUnreachableException(uri, "more than " + MAX_REDIRECTS + " redirects from " + uri, null);
    }
}
