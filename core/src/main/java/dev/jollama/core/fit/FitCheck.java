package dev.jollama.core.fit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hardware.Verdict.Fit;
import java.util.List;

/**
 * "Will this model run here, and how fast?" before any download: the manifest and the GGUF header
 * from the registry, memory estimated as Ollama does (weights, KV cache, compute graph), then as many
 * whole layers on the GPUs as fit, the rest on the CPU, or not at all.
 */
public final class FitCheck {

    /** The most read of a model layer to find the end of its header. */
    public static final int MAX_HEADER_BYTES = 64 << 20;

    private static final int FIRST_READ = 4 << 20;
    /** What Ollama leaves free on each GPU. */
    private static final long GPU_RESERVE = 512L << 20;

    private final RegistryClient registry;

    public FitCheck(RegistryClient registry) {
        this.registry = registry;
    }

    /** What to check for: the context, the parallel slots and the KV cache type. */
    public record Options(int context, int parallel, KvCacheType kvCache) {
        public Options {
            if (context < 1 || parallel < 1) {
                throw new InvalidInputException("--ctx and --parallel want numbers of at least 1");
            }
        }
    }

    public FitReport check(String reference, Options options, HardwareReport hw) {
        ModelName name = ModelName.parse(reference);
        RegistryClient.Manifest manifest = registry.manifest(name);
        RegistryClient.Layer model = manifest.layers().stream()
                .filter(RegistryClient.Layer::isModel)
                .findFirst()
                .orElseThrow(() -> new ModelHeaderException(name + " has no GGUF model layer in its manifest: the fit"
                        + " check reads only Ollama's model format"));
        long projector = manifest.layers().stream()
                .filter(RegistryClient.Layer::isProjector)
                .mapToLong(RegistryClient.Layer::size)
                .sum();
        JsonNode config = manifest.configDigest() == null
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : registry.config(name, manifest.configDigest());
        Header header = header(name, model);
        ModelShape shape;
        try {
            shape = ModelShape.of(header.header(), model.size(), projector);
        } catch (GgufHeader.Invalid e) {
            throw new ModelHeaderException(name + ": " + e.getMessage());
        }
        return estimate(
                name.toString(),
                config.path("model_family").asText(shape.architecture()),
                config.path("model_type").asText(null),
                config.path("file_type").asText(null),
                shape,
                options,
                hw,
                header.bytesRead());
    }

    /**
     * The same estimate for a model the daemon has already: its shape from {@code /api/show}'s
     * model_info (the header's keys, as the daemon read them), its size from {@code /api/tags}.
     */
    public static FitReport installed(
            String name,
            java.util.Map<String, Object> modelInfo,
            long size,
            String family,
            String parameterSize,
            String quantization,
            Options options,
            HardwareReport hw) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        if (modelInfo != null) {
            modelInfo.forEach((k, v) -> {
                if (v instanceof java.util.List<?> list) {
                    long[] numbers = new long[list.size()];
                    for (int i = 0; i < numbers.length; i++) {
                        numbers[i] = list.get(i) instanceof Number n ? n.longValue() : 0;
                    }
                    values.put(k, numbers);
                } else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                    values.put(k, n.longValue());
                } else {
                    values.put(k, v);
                }
            });
        }
        ModelShape shape;
        try {
            shape = ModelShape.of(new GgufHeader(3, values, List.of(), 0), size, 0);
        } catch (GgufHeader.Invalid e) {
            throw new ModelHeaderException(
                    name + ": the daemon's description lacks what an estimate needs (" + e.getMessage() + ")");
        }
        return estimate(name, family, parameterSize, quantization, shape, options, hw, 0);
    }

    private record Header(GgufHeader header, long bytesRead) {}

    /** Reads the header by ranges, growing the read until it is whole, never past 64 MiB in all. */
    private Header header(ModelName name, RegistryClient.Layer layer) {
        byte[] have = new byte[0];
        int want = (int) Math.min(FIRST_READ, Math.max(1, layer.size()));
        while (true) {
            byte[] more = registry.range(name, layer.digest(), have.length, want - have.length);
            byte[] joined = java.util.Arrays.copyOf(have, have.length + more.length);
            System.arraycopy(more, 0, joined, have.length, more.length);
            have = joined;
            try {
                return new Header(GgufHeader.parse(have), have.length);
            } catch (GgufHeader.Invalid e) {
                throw new ModelHeaderException(name + ": " + e.getMessage());
            } catch (GgufHeader.NeedMoreBytes e) {
                if (have.length < want || have.length >= layer.size()) {
                    throw new ModelHeaderException(name + ": the GGUF header ends before the file does (truncated)");
                }
                if (want >= MAX_HEADER_BYTES) {
                    throw new ModelHeaderException(name + ": the GGUF header is larger than " + (MAX_HEADER_BYTES >> 20)
                            + " MiB, more than any real model's");
                }
                want = (int) Math.min(MAX_HEADER_BYTES, Math.min((long) want * 2, layer.size()));
            }
        }
    }

    static FitReport estimate(
            String model,
            String family,
            String parameterSize,
            String quantization,
            ModelShape shape,
            Options o,
            HardwareReport hw,
            long headerBytesRead) {
        // Ollama lowers a num_ctx above the model's trained context to that context before loading.
        int context = (int) Math.min(o.context(), Math.max(256, shape.trainedContext()));
        long tokens = (long) context * o.parallel();
        long weights = shape.weights();
        long kv = shape.kvBytes(tokens, o.kvCache());
        long graph = shape.graphBytes(tokens);
        long total = weights + kv + graph;
        long ram = ram(hw);
        List<HardwareReport.Gpu> gpus = hw.gpus().stream()
                .filter(g -> !g.unified() && g.vramFree() != null)
                .toList();
        long vram = gpus.stream().mapToLong(HardwareReport.Gpu::vramFree).sum();

        int gpuLayers = gpus.isEmpty() ? 0 : layersOnGpu(shape, tokens, o.kvCache(), vram - GPU_RESERVE * gpus.size());
        Fit fit;
        String reason;
        long cpuBytes;
        if (gpuLayers == shape.layers()
                && shape.otherBytes() + graph
                        <= vram - GPU_RESERVE * gpus.size() - layerAndKv(shape, tokens, o.kvCache(), shape.layers())) {
            fit = Fit.GPU;
            cpuBytes = 0;
            reason = "all " + shape.layers() + " layers fit in " + gb(vram) + " of free VRAM";
        } else if (gpuLayers > 0 && cpuPart(shape, tokens, o.kvCache(), gpuLayers) <= ram) {
            fit = Fit.GPU_CPU;
            cpuBytes = cpuPart(shape, tokens, o.kvCache(), gpuLayers);
            reason = gb(vram) + " of free VRAM holds those layers; the rest run from memory";
        } else if (total <= ram) {
            fit = Fit.CPU;
            cpuBytes = total;
            gpuLayers = 0;
            reason = gpus.isEmpty()
                    ? "no GPU: runs on the CPU, " + gb(total) + " of " + gb(ram) + " memory"
                    : "no layer fits in " + gb(vram) + " of free VRAM: runs on the CPU";
        } else {
            fit = Fit.WONT_FIT;
            cpuBytes = total;
            gpuLayers = 0;
            reason = "needs " + gb(total) + " (weights " + gb(weights) + ", KV cache " + gb(kv) + ", graph " + gb(graph)
                    + "); this machine has " + gb(ram) + " of memory"
                    + (vram > 0 ? " and " + gb(vram) + " of VRAM" : "")
                    + " free";
        }
        Integer maxGpu = gpus.isEmpty()
                ? null
                : largestContext(shape, o, ctx -> {
                    long t = (long) ctx * o.parallel();
                    return shape.weights() + shape.kvBytes(t, o.kvCache()) + shape.graphBytes(t)
                            <= vram - GPU_RESERVE * gpus.size();
                });
        Integer maxCpu = largestContext(shape, o, ctx -> {
            long t = (long) ctx * o.parallel();
            return shape.weights() + shape.kvBytes(t, o.kvCache()) + shape.graphBytes(t) <= ram;
        });
        Double low = null;
        Double high = null;
        if (fit != Fit.WONT_FIT) {
            double gpuBandwidth = gpus.isEmpty()
                    ? 0
                    : gpus.stream().mapToDouble(Bandwidth::gpu).min().orElse(0);
            // Weights read per token: the GPU's share by layers, the rest from memory.
            long onGpu = fit == Fit.GPU ? weights : fit == Fit.CPU ? 0 : weights * gpuLayers / shape.layers();
            double seconds =
                    (onGpu > 0 ? onGpu / (gpuBandwidth * 1e9) : 0) + (weights - onGpu) / (Bandwidth.CPU_GBS * 1e9);
            double ideal = 1 / seconds;
            // Real runs reach about half to four fifths of what the bandwidth allows.
            low = round(ideal * 0.5);
            high = round(ideal * 0.8);
            if (gpus.isEmpty() && hw.cpu() != null && hw.cpu().threads() < 4) {
                // Two or three threads cannot keep the memory bus busy: expect the low end or below.
                high = low;
                low = round(ideal * 0.3);
            }
        }
        return new FitReport(
                model,
                family,
                parameterSize,
                quantization,
                context,
                shape.trainedContext(),
                o.parallel(),
                o.kvCache().toString(),
                weights,
                kv,
                graph,
                total,
                shape.layers(),
                fit,
                gpuLayers,
                reason,
                maxGpu,
                maxCpu,
                low,
                high,
                headerBytesRead);
    }

    private static long layerAndKv(ModelShape shape, long tokens, KvCacheType type, int layers) {
        long sum = 0;
        for (int i = 0; i < layers; i++) {
            sum += shape.layerBytes()[i] + shape.kvBytes(i, tokens, type);
        }
        return sum;
    }

    /** Whole layers, from the last, that fit in {@code budget} after the graph (as Ollama places them). */
    private static int layersOnGpu(ModelShape shape, long tokens, KvCacheType type, long budget) {
        long left = budget - shape.graphBytes(tokens);
        int n = 0;
        for (int i = shape.layers() - 1; i >= 0; i--) {
            long need = shape.layerBytes()[i] + shape.kvBytes(i, tokens, type);
            if (need > left) {
                break;
            }
            left -= need;
            n++;
        }
        return n;
    }

    private static long cpuPart(ModelShape shape, long tokens, KvCacheType type, int gpuLayers) {
        long sum = shape.otherBytes();
        for (int i = 0; i < shape.layers() - gpuLayers; i++) {
            sum += shape.layerBytes()[i] + shape.kvBytes(i, tokens, type);
        }
        return sum;
    }

    private static Integer largestContext(ModelShape shape, Options o, java.util.function.IntPredicate fits) {
        int lo = 256;
        int hi = (int) Math.min(Integer.MAX_VALUE / 2, Math.max(lo, shape.trainedContext()));
        if (!fits.test(lo)) {
            return null;
        }
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (fits.test(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long ram(HardwareReport hw) {
        var m = hw.memory();
        if (m.usable() != null) {
            return m.usable();
        }
        if (m.available() != null) {
            return m.available();
        }
        return m.total() != null ? m.total() : 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
