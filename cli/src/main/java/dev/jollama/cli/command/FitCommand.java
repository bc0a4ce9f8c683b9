package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitCode;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;
import dev.jollama.core.hardware.HardwareProbe;
import dev.jollama.core.hardware.HardwareReport;
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
            description = "llama3:8b, someone/model:tag, host/ns/model:tag, a profile.")
    List<String> models = new ArrayList<>();

    @Option(names = "--ctx", paramLabel = "N", description = "Context size in tokens (default: 4096, Ollama's).")
    int context = 4096;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Parallel slots, as OLLAMA_NUM_PARALLEL (default: 1).")
    int parallel = 1;

    @Option(names = "--kv-cache", paramLabel = "TYPE", description = "KV cache type: f16 (default), q8_0, q4_0.")
    String kvCache = "f16";

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Console console = root.console();
        FitCheck.Options options = new FitCheck.Options(context, parallel, KvCacheType.parse(kvCache));
        HardwareReport hw =
                HardwareProbe.system(root.services().env().variables()).probe();
        FitCheck check = root.services().fitCheck();
        List<FitReport> reports = new ArrayList<>();
        for (String name : models) {
            String model = root.services().config().resolve(name).model();
            reports.add(check.check(model, options, hw));
        }
        if (json.json) {
            console.println(Json.pretty(reports.size() == 1 ? reports.get(0) : reports));
        } else {
            for (FitReport r : reports) {
                print(console, r);
            }
        }
        if (reports.stream().anyMatch(r -> !r.fits())) {
            throw new ExitException(ExitCode.WONT_FIT, null);
        }
        return 0;
    }

    static void print(Console console, FitReport r) {
        console.println(r.model() + "  " + nz(r.family()) + " " + nz(r.parameterSize()) + " " + nz(r.quantization()));
        console.println("  verdict:  " + r.fit().label()
                + (r.fit() == dev.jollama.core.hardware.Verdict.Fit.GPU_CPU
                        ? " (" + r.gpuLayers() + " of " + r.layers() + " layers on the GPU)"
                        : "")
                + " — " + r.reason());
        console.println(String.format(
                Locale.ROOT,
                "  memory:   %s = weights %s + KV cache %s (%d tokens × %d, %s) + graph %s",
                gb(r.total()),
                gb(r.weights()),
                gb(r.kvCacheBytes()),
                r.context(),
                r.parallel(),
                r.kvCache(),
                gb(r.graphBytes())));
        console.println("  context:  largest that fits: "
                + (r.maxContextGpu() == null ? "" : r.maxContextGpu() + " on the GPU, ")
                + (r.maxContextCpu() == null ? "none in memory" : r.maxContextCpu() + " in memory"));
        if (r.tokensPerSecondLow() != null) {
            console.println(String.format(
                    Locale.ROOT,
                    "  speed:    about %.0f–%.0f tokens/s (an estimate from memory bandwidth)",
                    r.tokensPerSecondLow(),
                    r.tokensPerSecondHigh()));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
