package dev.jollama.core.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.jollama.core.daemon.DefaultContext;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.hardware.GenerationSpeed;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hardware.Verdict.Fit;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * "Will this model run here, and how fast?" before any download: the manifest and the GGUF header
 * from the registry, memory estimated as Ollama's scheduler does today ({@code server/sched.go} with
 * {@code llm.PredictServerVRAM}: the file size, the KV cache, and a surcharge for a generation batch
 * above 512), then as many whole layers on the GPUs as fit, the rest on the CPU, or not at all. A
 * safetensors model is its tensors' sizes, as Ollama's MLX engine counts it; a cloud model needs no
 * memory here.
 */
public final class FitCheck {

    /** The most read of a model layer to find the end of its header. */
    public static final int MAX_HEADER_BYTES = 64 << 20;

    private static final int FIRST_READ = 4 << 20;
    /**
     * What llama-server's {@code --fit} leaves free on each GPU when it places the layers: its default
     * target, which Ollama keeps.
     */
    static final long GPU_MARGIN = 1L << 30;
    /** What Ollama sets aside on a GPU for the MLX engine ({@code ml.DeviceInfo.MinimumMemory}). */
    static final long MLX_RESERVE = 457L << 20;

    static final long METAL_RESERVE = 512L << 20;

    private final RegistryClient registry;
    private final Integer environmentContext;

    public FitCheck(RegistryClient registry) {
        this(registry, null);
    }

    /** @param environmentContext OLLAMA_CONTEXT_LENGTH, or null when it is not set */
    public FitCheck(RegistryClient registry, Integer environmentContext) {
        this.registry = registry;
        this.environmentContext = environmentContext;
    }

    /**
     * What to check for.
     *
     * @param context the context asked for; null: the one Ollama would give ({@link DefaultContext})
     * @param contextSource where {@code context} came from, for the report ("--ctx", "profile X's
     *     num_ctx")
     */
    public record Options(Integer context, String contextSource, int parallel, KvCacheType kvCache) {
        public Options {
            if ((context != null && context < 1) || parallel < 1) {
                throw new InvalidInputException("--ctx and --parallel want numbers of at least 1");
            }
            if (kvCache == null) {
                kvCache = KvCacheType.F16;
            }
        }

        /** A context given with {@code --ctx}. */
        public Options(int context, int parallel, KvCacheType kvCache) {
            this(context, "--ctx", parallel, kvCache);
        }

        /** The context Ollama would give the model. */
        public static Options ollamaDefault(int parallel, KvCacheType kvCache) {
            return new Options(null, null, parallel, kvCache);
        }
    }

    /** A name Ollama sends to ollama.com instead of running: tag {@code cloud} or ending in {@code -cloud}. */
    public static boolean isCloud(String reference) {
        String s = reference.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0 || colon < s.lastIndexOf('/')) {
            return false;
        }
        String tag = s.substring(colon + 1).toLowerCase(Locale.ROOT);
        return tag.equals("cloud") || tag.endsWith("-cloud");
    }

    public FitReport check(String reference, Options options, HardwareReport hw) {
        ModelName name = ModelName.parse(reference);
        if (isCloud(reference)) {
            return cloud(name.toString(), null);
        }
        RegistryClient.Manifest manifest = registry.manifest(name);
        JsonNode config = manifest.configDigest() == null
                ? MissingNode.getInstance()
                : registry.config(name, manifest.configDigest());
        String remoteHost = config.path("remote_host").asText("");
        if (!remoteHost.isBlank()) {
            return cloud(name.toString(), remoteHost);
        }
        List<RegistryClient.Layer> layers = manifest.layers();
        RegistryClient.Layer model = layers.stream()
                .filter(RegistryClient.Layer::isModel)
                .findFirst()
                .orElse(null);
        if (model == null) {
            List<RegistryClient.Layer> tensors =
                    layers.stream().filter(RegistryClient.Layer::isTensor).toList();
            if (!tensors.isEmpty()
                    || "safetensors".equals(config.path("model_format").asText())) {
                return safetensors(name.toString(), config, tensors, options, hw);
            }
            throw new ModelHeaderException(name + " has neither GGUF weights nor safetensors tensors in its"
                    + " manifest: there is nothing to estimate");
        }
        long projector = sum(layers, RegistryClient.Layer::isProjector);
        long draft = sum(layers, RegistryClient.Layer::isDraft);
        Header header = header(name, model);
        ModelShape shape;
        try {
            shape = ModelShape.of(header.header(), model.size(), projector + draft);
        } catch (GgufHeader.Invalid e) {
            throw new ModelHeaderException(name + ": " + e.getMessage());
        }
        return estimate(
                name.toString(),
                config.path("model_family").asText(shape.architecture()),
                config.path("model_type").asText(null),
                config.path("file_type").asText(null),
                shape,
                draft,
                options,
                null,
                hw,
                header.bytesRead());
    }

    private static long sum(
            List<RegistryClient.Layer> layers, java.util.function.Predicate<RegistryClient.Layer> kind) {
        return layers.stream()
                .filter(kind)
                .mapToLong(RegistryClient.Layer::size)
                .sum();
    }

    /**
     * The same estimate for a model the daemon has already: its shape from {@code /api/show}'s
     * model_info (the header's keys, as the daemon read them), its size from {@code /api/tags}.
     *
     * @param loadedContext its context_length in {@code /api/ps} when it is loaded, else null
     */
    public FitReport installed(
            String name,
            Map<String, Object> modelInfo,
            long size,
            String family,
            String parameterSize,
            String quantization,
            Options options,
            Integer loadedContext,
            HardwareReport hw) {
        if (isCloud(name)) {
            return cloud(name, null);
        }
        Map<String, Object> values = new HashMap<>();
        if (modelInfo != null) {
            modelInfo.forEach((k, v) -> {
                if (v instanceof List<?> list) {
                    long[] numbers = new long[list.size()];
                    for (int i = 0; i < numbers.length; i++) {
                        numbers[i] = list.get(i) instanceof Number n ? whole(n) : 0;
                    }
                    values.put(k, numbers);
                } else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                    values.put(k, whole(n));
                } else if (v != null) {
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
        return estimate(name, family, parameterSize, quantization, shape, 0, options, loadedContext, hw, 0);
    }

    /** A JSON integer as a long: one beyond a long's range (a u64 above 2^63) is the largest long. */
    private static long whole(Number n) {
        if (n instanceof BigInteger big && big.bitLength() > 63) {
            return big.signum() > 0 ? Long.MAX_VALUE : 0;
        }
        return n.longValue();
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

    /** The context Ollama gives the model, and why; a requested one keeps the words it came with. */
    private DefaultContext context(Options o, Integer loaded, HardwareReport hw, Long trained) {
        long totalVram = hw.gpus().stream()
                .mapToLong(g -> g.vramTotal() != null ? g.vramTotal() : 0)
                .sum();
        DefaultContext chosen = DefaultContext.of(o.context(), environmentContext, totalVram, trained, loaded);
        if (o.context() != null && o.contextSource() != null && chosen.source().startsWith("num_ctx")) {
            return new DefaultContext(
                    chosen.tokens(), o.contextSource() + chosen.source().substring(7));
        }
        return chosen;
    }

    private FitReport cloud(String model, String remoteHost) {
        String where = "ollama.com";
        if (remoteHost != null) {
            try {
                String host = URI.create(remoteHost).getHost();
                where = host != null ? host : where;
            } catch (IllegalArgumentException notAUri) {
                // the name ollama.com stands
            }
        }
        return new FitReport(
                model,
                null,
                null,
                null,
                "cloud",
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                Fit.CLOUD,
                null,
                "runs on " + where + ": no local memory",
                null,
                null,
                null,
                null,
                null,
                0);
    }

    /** Safetensors weights, as Ollama's MLX engine loads them: on its first GPU, whole, or not at all. */
    private FitReport safetensors(
            String model, JsonNode config, List<RegistryClient.Layer> tensors, Options o, HardwareReport hw) {
        long weights = tensors.stream().mapToLong(RegistryClient.Layer::size).sum();
        long trainedValue = config.path("context_length").asLong(0);
        Long trained = trainedValue > 0 ? trainedValue : null;
        DefaultContext context = context(o, null, hw, trained);
        List<HardwareReport.Gpu> gpus =
                hw.gpus().stream().filter(g -> g.vramFree() != null).toList();
        long ram = ram(hw);
        Fit fit;
        String reason;
        if (!gpus.isEmpty()) {
            HardwareReport.Gpu first = gpus.get(0);
            long reserve = first.unified() ? METAL_RESERVE : MLX_RESERVE;
            long free = first.unified() ? Math.min(first.vramFree(), ram) : first.vramFree();
            long room = Math.max(0, free - reserve);
            fit = weights <= room ? Fit.GPU : Fit.WONT_FIT;
            reason = fit == Fit.GPU
                    ? gb(weights) + " of tensors fit in " + gb(free) + " of free VRAM"
                    : "needs " + gb(weights) + " on one GPU; " + first.name() + " has " + gb(room) + " free after "
                            + (reserve >> 20) + " MiB for Ollama";
        } else {
            fit = weights <= ram ? Fit.CPU : Fit.WONT_FIT;
            reason = fit == Fit.CPU
                    ? "no GPU: " + gb(weights) + " of tensors in " + gb(ram) + " of memory"
                    : "needs " + gb(weights) + "; this machine has " + gb(ram) + " of memory free";
        }
        String size = config.path("model_type").asText(null);
        GenerationSpeed speed = fit == Fit.WONT_FIT
                ? null
                : GenerationSpeed.of(hw, weights, fit == Fit.GPU ? weights : 0, GenerationSpeed.parametersB(size));
        return new FitReport(
                model,
                config.path("model_family").asText(null),
                size,
                config.path("file_type").asText(null),
                "safetensors",
                context.tokens(),
                context.source(),
                trained,
                o.parallel(),
                null,
                weights,
                null,
                null,
                null,
                null,
                null,
                weights,
                null,
                fit,
                null,
                reason,
                "a safetensors model (" + tensors.size() + " tensors) for Ollama's MLX engine: its memory is its"
                        + " tensors' sizes, as Ollama counts it; the KV cache comes on top and is not estimated",
                null,
                null,
                speed == null ? null : speed.low(),
                speed == null ? null : speed.high(),
                0);
    }

    /** A GGUF model's estimate, placement and speed. */
    private FitReport estimate(
            String model,
            String family,
            String parameterSize,
            String quantization,
            ModelShape shape,
            long draftBytes,
            Options o,
            Integer loadedContext,
            HardwareReport hw,
            long headerBytesRead) {
        DefaultContext chosen = context(o, loadedContext, hw, shape.trainedContext());
        int context = chosen.tokens();
        // Ollama loads embedding models with one slot and no generation batch.
        int parallel = shape.embeddingModel() ? 1 : o.parallel();
        KvCacheType type = o.kvCache();
        long weights = shape.weights();
        long ram = ram(hw);
        Placement place = Placement.of(hw, weights + shape.kvBytes(context, parallel, type), ram);
        Memory m = Memory.of(shape, context, parallel, type, place.free());
        long budget = place.budget();
        int gpuLayers =
                place.gpus().isEmpty() ? 0 : layersOnGpu(shape, context, parallel, type, budget - m.batchBytes());
        Fit fit;
        String reason;
        long cpuRam = ram - (place.unified() ? layerAndKv(shape, context, parallel, type, gpuLayers, true) : 0);
        if (!place.gpus().isEmpty() && m.total() <= budget) {
            fit = Fit.GPU;
            gpuLayers = shape.layers();
            reason = "all " + shape.layers() + " layers fit in " + gb(place.free()) + " of free VRAM";
        } else if (gpuLayers > 0 && cpuPart(shape, context, parallel, type, gpuLayers) <= cpuRam) {
            fit = Fit.GPU_CPU;
            reason = gb(place.free()) + " of free VRAM holds those layers; the rest run from memory";
        } else if (m.total() <= ram) {
            fit = Fit.CPU;
            gpuLayers = 0;
            reason = place.gpus().isEmpty()
                    ? "no GPU: runs on the CPU, " + gb(m.total()) + " of " + gb(ram) + " memory"
                    : "no layer fits in " + gb(place.free()) + " of free VRAM: runs on the CPU";
        } else {
            fit = Fit.WONT_FIT;
            gpuLayers = 0;
            reason = "needs " + gb(m.total()) + " (weights " + gb(weights) + ", KV cache " + gb(m.kv())
                    + (m.batchBytes() > 0 ? ", batch " + gb(m.batchBytes()) : "")
                    + "); this machine has " + gb(ram) + " of memory"
                    + (place.free() > 0 ? " and " + gb(place.free()) + " of VRAM" : "")
                    + " free";
        }
        Integer maxGpu = place.gpus().isEmpty()
                ? null
                : largestContext(
                        shape,
                        ctx -> Memory.of(shape, ctx, parallel, type, place.free())
                                        .total()
                                <= budget);
        Integer maxCpu = largestContext(
                shape,
                ctx -> Memory.of(shape, ctx, parallel, type, place.free()).total() <= ram);
        GenerationSpeed speed = null;
        if (fit != Fit.WONT_FIT) {
            long onGpu = fit == Fit.CPU ? 0 : fit == Fit.GPU ? weights : onGpuBytes(shape, gpuLayers);
            double parameters = shape.parameterCount() > 0
                    ? shape.parameterCount() / 1e9
                    : GenerationSpeed.parametersB(parameterSize);
            speed = GenerationSpeed.of(hw, weights, onGpu, parameters);
        }
        List<String> notes = new ArrayList<>();
        if (draftBytes > 0) {
            notes.add("the weights include a draft model of " + gb(draftBytes)
                    + " for speculative decoding, which Ollama's own estimate leaves out");
        }
        if (shape.embeddingModel()) {
            notes.add("an embedding model: Ollama gives it one slot and no generation batch");
        }
        long recurrent = shape.recurrentBytes(parallel);
        return new FitReport(
                model,
                family,
                parameterSize,
                quantization,
                "gguf",
                context,
                chosen.source(),
                shape.trainedContext(),
                parallel,
                type.toString(),
                weights,
                draftBytes > 0 ? draftBytes : null,
                m.kv(),
                recurrent > 0 ? recurrent : null,
                m.batch() == 0 ? null : m.batch(),
                m.batchBytes(),
                m.total(),
                shape.layers(),
                fit,
                gpuLayers,
                reason,
                notes.isEmpty() ? null : String.join("; ", notes),
                maxGpu,
                maxCpu,
                speed == null ? null : speed.low(),
                speed == null ? null : speed.high(),
                headerBytesRead);
    }

    /** Ollama's estimate at one context: weights + KV cache + the surcharge of the batch it picks. */
    private record Memory(long kv, int batch, long batchBytes, long total) {
        static Memory of(ModelShape shape, int context, int parallel, KvCacheType type, long available) {
            long kv = shape.kvBytes(context, parallel, type);
            long predicted = ModelShape.saturatedAdd(shape.weights(), kv);
            int batch = shape.embeddingModel()
                    ? 0
                    : GenerationBatch.choose((long) context * parallel, predicted, available);
            long surcharge = GenerationBatch.surcharge(batch);
            return new Memory(kv, batch, surcharge, ModelShape.saturatedAdd(predicted, surcharge));
        }
    }

    /**
     * The GPUs a model goes to, as Ollama's scheduler picks them ({@code selectLlamaServerPlacement}):
     * one GPU when the estimate takes at most 80 % of its free memory (a discrete one first, then the
     * one with the most), else all of them.
     *
     * @param free their free memory (a unified GPU's no more than the free system memory): what the
     *     batch rule measures against
     * @param budget what layers may fill: the free memory less llama-server's margin on each GPU
     * @param unified a GPU shares the system memory, so what it holds is not free for the CPU part
     */
    private record Placement(List<HardwareReport.Gpu> gpus, long free, long budget, boolean unified) {
        static Placement of(HardwareReport hw, long predicted, long ram) {
            List<HardwareReport.Gpu> all =
                    hw.gpus().stream().filter(g -> g.vramFree() != null).toList();
            List<HardwareReport.Gpu> chosen = all;
            if (all.size() > 1) {
                chosen = all.stream()
                        .filter(g -> predicted <= free(g, ram) / 100 * 80)
                        .max(Comparator.comparing((HardwareReport.Gpu g) -> !g.unified())
                                .thenComparingLong(g -> free(g, ram)))
                        .map(List::of)
                        .orElse(all);
            }
            long free = 0;
            long budget = 0;
            for (HardwareReport.Gpu g : chosen) {
                free += free(g, ram);
                budget += Math.max(0, free(g, ram) - GPU_MARGIN);
            }
            return new Placement(chosen, free, budget, chosen.stream().anyMatch(HardwareReport.Gpu::unified));
        }

        private static long free(HardwareReport.Gpu g, long ram) {
            return g.unified() ? Math.min(g.vramFree(), ram) : g.vramFree();
        }
    }

    /** Whole layers, from the last, that fit in {@code budget} (as llama.cpp places them). */
    private static int layersOnGpu(ModelShape shape, int context, int parallel, KvCacheType type, long budget) {
        long left = budget;
        int n = 0;
        for (int i = shape.layers() - 1; i >= 0; i--) {
            long need = shape.layerBytes()[i] + shape.kvBytes(i, context, parallel, type);
            if (need > left) {
                break;
            }
            left -= need;
            n++;
        }
        return n;
    }

    private static long onGpuBytes(ModelShape shape, int gpuLayers) {
        long sum = 0;
        for (int i = shape.layers() - gpuLayers; i < shape.layers(); i++) {
            sum += shape.layerBytes()[i];
        }
        return sum;
    }

    /** The weights and caches of the last {@code n} layers (on the GPU) or the first (on the CPU). */
    private static long layerAndKv(ModelShape shape, int context, int parallel, KvCacheType type, int n, boolean last) {
        long sum = 0;
        int from = last ? shape.layers() - n : 0;
        for (int i = from; i < from + n; i++) {
            sum = ModelShape.saturatedAdd(sum, shape.layerBytes()[i] + shape.kvBytes(i, context, parallel, type));
        }
        return sum;
    }

    private static long cpuPart(ModelShape shape, int context, int parallel, KvCacheType type, int gpuLayers) {
        return ModelShape.saturatedAdd(
                shape.otherBytes(), layerAndKv(shape, context, parallel, type, shape.layers() - gpuLayers, false));
    }

    private static Integer largestContext(ModelShape shape, IntPredicate fits) {
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

    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
