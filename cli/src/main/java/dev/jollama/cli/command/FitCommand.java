package dev.jollama.cli.command;

import dev.jollama.cli.Services;
import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.error.ErrorHandler;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.core.client.PullGate;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;
import dev.jollama.core.hardware.GenerationSpeed;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hardware.Verdict.Fit;
import dev.jollama.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Will it fit? Before any download, from the registry's manifest and the model's GGUF header. */
@Command(
        name = "fit",
        description = {
            "Say whether a model runs on this machine, how (GPU, GPU+CPU, CPU) and how fast, before downloading it.",
            "Reads the manifest and the GGUF header from the registry (JOLLAMA_REGISTRY or registry.ollama.ai)."
        })
public final class FitCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            arity = "1..*",
            paramLabel = "MODEL|PROFILE",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "llama3:8b, someone/model:tag, host/ns/model:tag, a profile.")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--ctx",
            paramLabel = "N",
            description = "Context size in tokens (default: the profile's num_ctx, else Ollama's default: 4096, 32768"
                    + " from 23 GiB of VRAM, 262144 from 47 GiB, or OLLAMA_CONTEXT_LENGTH).")
    Integer context;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Parallel slots, as OLLAMA_NUM_PARALLEL (default: 1).")
    int parallel = 1;

    @Option(
            names = "--kv-cache",
            paramLabel = "TYPE",
            completionCandidates = KvCacheTypes.class,
            description = "KV cache type: f16 (default), q8_0, q4_0 (these two need flash attention in Ollama).")
    String kvCache = "f16";

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Console console = root.console();
        Services services = root.services();
        if (context != null && context < 1) {
            throw new InvalidInputException("--ctx wants a number of tokens of at least 1, not " + context);
        }
        if (parallel < 1) {
            throw new InvalidInputException("--parallel wants at least 1, not " + parallel);
        }
        KvCacheType kv = KvCacheType.parse(kvCache);
        services.client().requireOllama("`fit`");
        if (!services.client().host().isLoopback()) {
            console.warn("this checks this machine; the daemon at "
                    + services.client().host() + " runs on another one");
        }
        HardwareReport hw = services.client().hardware();
        FitCheck check = services.client().fitCheck();
        List<FitReport> reports = new ArrayList<>();
        ExitCode worst = ExitCode.OK;
        for (String name : models) {
            String model = services.config().resolve(name).model();
            try {
                FitCheck.Options options = PullGate.fitOptions(services.config(), name, context, parallel, kv);
                FitReport r = check.check(model, options, hw);
                reports.add(r);
                if (!json.json) {
                    if (reports.size() > 1) {
                        console.println("");
                    }
                    print(console, r);
                }
                if (!r.fits() && worst == ExitCode.OK) {
                    worst = ExitCode.WONT_FIT;
                }
            } catch (JollamaException e) {
                // One model the registry cannot answer for does not hide the others' answers.
                console.note("" + e.getMessage());
                ExitCode code = ErrorHandler.exitCode(e);
                if (worst == ExitCode.OK || worst == ExitCode.WONT_FIT) {
                    worst = code;
                }
            }
        }
        if (json.json && !reports.isEmpty()) {
            console.println(Json.pretty(models.size() == 1 ? reports.get(0) : reports));
        }
        if (worst != ExitCode.OK) {
            throw new ExitException(worst, null);
        }
        return 0;
    }

    static void print(Console console, FitReport r) {
        String about = join(r.family(), r.parameterSize(), r.quantization());
        console.println(about.isEmpty() ? r.model() : r.model() + "  " + about);
        console.println("  verdict:  " + r.fit().label()
                + (r.fit() == Fit.GPU_CPU ? " (" + r.gpuLayers() + " of " + r.layers() + " layers on the GPU)" : "")
                + " — " + r.reason());
        if (r.fit() == Fit.CLOUD) {
            return;
        }
        if (r.kvCacheBytes() == null) {
            console.println("  memory:   " + size(r.totalBytes()) + " = weights " + size(r.weightsBytes()) + " ("
                    + r.format() + "); KV cache not estimated");
        } else {
            console.println(String.format(
                    Locale.ROOT,
                    "  memory:   %s = weights %s + KV cache %s (%d tokens × %d, %s%s)%s",
                    size(r.totalBytes()),
                    size(r.weightsBytes()),
                    size(r.kvCacheBytes()),
                    r.context(),
                    r.parallel(),
                    r.kvCache(),
                    r.recurrentStateBytes() == null ? "" : "; recurrent state " + size(r.recurrentStateBytes()),
                    r.batchBytes() != null && r.batchBytes() > 0
                            ? " + batch " + size(r.batchBytes()) + " (num_batch " + r.batch() + ")"
                            : ""));
        }
        StringBuilder context = new StringBuilder("  context:  " + r.context() + " tokens (" + r.contextSource() + ")");
        if (r.trainedContext() != null) {
            context.append("; trained for ").append(r.trainedContext());
        }
        if (r.layers() != null) {
            boolean gpu = r.maxContextGpu() != null || r.fit() == Fit.GPU || r.fit() == Fit.GPU_CPU;
            context.append(
                            gpu
                                    ? "; wholly on the GPU up to "
                                            + (r.maxContextGpu() == null ? "none" : r.maxContextGpu())
                                    : "")
                    .append("; in memory up to ")
                    .append(r.maxContextCpu() == null ? "none (not even 256 tokens)" : r.maxContextCpu());
        }
        console.println(context.toString());
        if (r.tokensPerSecondLow() != null) {
            console.println("  speed:    about " + rate(r.tokensPerSecondLow(), r.tokensPerSecondHigh())
                    + " tokens/s (an estimate from memory bandwidth and cores)");
        }
        if (r.note() != null) {
            console.println("  note:     " + r.note());
        }
    }

    /** A speed estimate as fit and hw show it: "12–19", "2.1–3.4". */
    static String rate(double low, double high) {
        return new GenerationSpeed(low, high).range();
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.append(out.isEmpty() ? "" : " ").append(p);
            }
        }
        return out.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1e12
                ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12)
                : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** --kv-cache's values, for the completion scripts. */
    static final class KvCacheTypes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(KvCacheType.values())
                    .map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                    .iterator();
        }
    }
}
