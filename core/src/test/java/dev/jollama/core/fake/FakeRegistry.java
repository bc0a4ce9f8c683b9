package dev.jollama.core.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Ollama model registry as the fit check meets it (../shared/ollama-registry/): manifests, a
 * config blob, and model blobs answered with a 307 to a "CDN" path that serves {@code Range} with
 * 206 and {@code Content-Range}. A model blob is its GGUF header followed by zeros up to the layer's
 * size, made up on the fly; the fake counts how many blob bytes it served.
 */
public final class FakeRegistry implements AutoCloseable {

    /** {@code header} null: a model without a GGUF layer (safetensors, a cloud stub); {@code layers}: more of them. */
    private record Model(byte[] header, long size, String config, List<String> layers) {}

    private final LoopbackHttpServer server;
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Map<String, Model> blobs = new ConcurrentHashMap<>();
    private final AtomicLong blobBytes = new AtomicLong();
    private volatile long delayMillis;

    private FakeRegistry() throws IOException {
        server = new LoopbackHttpServer(0, null, this::handle);
    }

    public static FakeRegistry start() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code name}: namespace/model:tag as in the URL (library/llama3:8b). */
    public FakeRegistry model(String name, byte[] header, long layerSize, String family, String size, String quant) {
        String config = "{\"model_format\":\"gguf\",\"model_family\":\"" + family + "\",\"model_families\":[\"" + family
                + "\"],\"model_type\":\"" + size + "\",\"file_type\":\"" + quant + "\",\"architecture\":\"amd64\","
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        return put(name, new Model(header, layerSize, config, List.of()));
    }

    private FakeRegistry put(String name, Model m) {
        models.put(name, m);
        blobs.put(digest(name, "model"), m);
        blobs.put(digest(name, "config"), m);
        return this;
    }

    /** A GGUF model that carries a draft model (speculative decoding) of {@code draftSize} bytes. */
    public FakeRegistry withDraft(String name, long draftSize) {
        Model m = models.get(name);
        List<String> layers = new java.util.ArrayList<>(m.layers());
        layers.add(layer("application/vnd.ollama.image.draft", digest(name, "draft"), draftSize));
        return put(name, new Model(m.header(), m.size(), m.config(), List.copyOf(layers)));
    }

    /**
     * A safetensors model as Ollama's registry serves one: config {@code model_format: "safetensors"}, one
     * {@code application/vnd.ollama.image.tensor} layer per tensor, no GGUF.
     */
    public FakeRegistry safetensors(String name, long[] tensorSizes, String family, String size, String quant) {
        String config = "{\"model_format\":\"safetensors\",\"model_family\":\"" + family + "\",\"model_families\":[\""
                + family + "\"],\"model_type\":\"" + size + "\",\"file_type\":\"" + quant
                + "\",\"context_length\":32768,\"architecture\":\"amd64\",\"os\":\"linux\"}";
        List<String> layers = new java.util.ArrayList<>();
        for (int i = 0; i < tensorSizes.length; i++) {
            layers.add(layer(
                            "application/vnd.ollama.image.tensor",
                            "sha256:" + String.format("%064x", (long) (name + i).hashCode() & 0xffffffffL),
                            tensorSizes[i])
                    .replace("}", ",\"name\":\"model.layers." + i + ".weight\"}"));
        }
        return put(name, new Model(null, 0, config, List.copyOf(layers)));
    }

    /** A cloud stub: no weights, a config naming the host it runs on. */
    public FakeRegistry cloud(String name, String remoteHost, String remoteModel) {
        String config = "{\"model_format\":\"\",\"remote_host\":\"" + remoteHost + "\",\"remote_model\":\""
                + remoteModel + "\",\"architecture\":\"amd64\",\"os\":\"linux\"}";
        return put(name, new Model(null, 0, config, List.of()));
    }

    private static String layer(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** Each answer waits this long before its headers: a slow registry. */
    public FakeRegistry delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Bytes of model blobs served so far. */
    public long blobBytesServed() {
        return blobBytes.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String digest(String name, String kind) {
        return "sha256:" + String.format("%064x", (long) (name + kind).hashCode() & 0xffffffffL);
    }

    private void handle(LoopbackHttpServer.Exchange ex) throws IOException {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String path = ex.path();
        if (path.startsWith("/v2/") && path.contains("/manifests/")) {
            String ns = path.substring(4, path.indexOf("/manifests/"));
            String name = ns + ":" + path.substring(path.indexOf("/manifests/") + 11);
            Model m = models.get(name);
            if (m == null) {
                ex.respond(
                        404,
                        "application/json",
                        ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest"
                                        + " unknown\",\"detail\":\"unknown tag\"}]}")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            String manifest =
                    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                            + digest(name, "config") + "\",\"size\":"
                            + m.config().length() + "},\"layers\":["
                            + (m.header() == null
                                    ? ""
                                    : layer("application/vnd.ollama.image.model", digest(name, "model"), m.size())
                                            + ",")
                            + m.layers().stream().map(l -> l + ",").collect(java.util.stream.Collectors.joining())
                            + layer("application/vnd.ollama.image.template", "sha256:" + "0".repeat(64), 254)
                            + "]}";
            ex.respond(
                    200,
                    "application/vnd.docker.distribution.manifest.v2+json",
                    manifest.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.startsWith("/v2/") && path.contains("/blobs/")) {
            String digest = path.substring(path.indexOf("/blobs/") + 7);
            Model m = blobs.get(digest);
            if (m == null) {
                ex.respond(
                        404,
                        "application/json",
                        "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            } else if (models.entrySet().stream().anyMatch(e -> digest.equals(digest(e.getKey(), "config")))) {
                ex.respond(200, "application/octet-stream", m.config().getBytes(StandardCharsets.UTF_8));
            } else {
                // As registry.ollama.ai does for model blobs: a redirect to the CDN.
                ex.addHeader("Location", url() + "/cdn/" + digest + "?sig=x");
                ex.respond(307, null, null);
            }
            return;
        }
        if (path.startsWith("/cdn/")) {
            Model m = blobs.get(path.substring(5));
            if (m == null) {
                ex.respond(404, null, null);
                return;
            }
            long[] range = range(header(ex.headers(), "Range"), m.size());
            long from = range[0];
            long to = range[1];
            int length = (int) Math.min(Integer.MAX_VALUE - 8, to - from + 1);
            byte[] body = new byte[length];
            if (from < m.header().length) {
                System.arraycopy(m.header(), (int) from, body, 0, (int) Math.min(length, m.header().length - from));
            }
            blobBytes.addAndGet(length);
            ex.addHeader("Content-Range", "bytes " + from + "-" + (from + length - 1) + "/" + m.size());
            ex.respond(206, "application/octet-stream", body);
            return;
        }
        ex.respond(404, null, null);
    }

    private static long[] range(String header, long size) {
        // bytes=a-b; no header: the first 64 MiB (a fake never streams gigabytes of zeros)
        long from = 0;
        long to = Math.min(size, 64L << 20) - 1;
        if (header != null && header.startsWith("bytes=")) {
            String[] ab = header.substring(6).split("-", 2);
            from = Long.parseLong(ab[0].strip());
            if (ab.length > 1 && !ab[1].isBlank()) {
                to = Math.min(size - 1, Long.parseLong(ab[1].strip()));
            }
        }
        return new long[] {from, to};
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /**
     * For benches: serves library/llama3:8b (the shape of the real one) on {@code --port N} (0 picks
     * one), writing the port to {@code --port-file F} once listening.
     */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path portFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port-file")) {
                portFile = java.nio.file.Path.of(args[++i]);
            }
        }
        FakeRegistry registry = start().model(
                        "library/llama3:8b",
                        GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, 12)
                                .bytes(),
                        4_661_211_424L,
                        "llama",
                        "8.0B",
                        "Q4_K_M");
        if (portFile != null) {
            java.nio.file.Path tmp =
                    java.nio.file.Files.createTempFile(portFile.toAbsolutePath().getParent(), "port", ".tmp");
            java.nio.file.Files.writeString(tmp, registry.url());
            java.nio.file.Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Thread.currentThread().join();
    }
}
