package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.hardware.FitVerdicts;
import dev.jollama.core.hardware.HardwareProbe;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hardware.Verdict;
import dev.jollama.core.json.Json;
import dev.jollama.core.profile.Profile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What this machine can run, and how well: the profiles' requirements against the probes. */
@Command(
        name = "hw",
        aliases = "hardware",
        description = "Check which profiles this machine can run, on the GPU or the CPU, and how fast.")
public final class HwCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    /** A model loaded in the daemon, and whether it sits wholly in VRAM. */
    record Loaded(String name, long size, long sizeVram, boolean fullyInVram, Integer contextLength) {}

    /** The daemon as hw sees it. */
    /** {@code problem}: why it did not answer, in the words of the error (null when it did). */
    record Daemon(String host, boolean reachable, String version, List<Loaded> loaded, String problem) {}

    /** The --json shape (docs/json.md). */
    record Report(
            HardwareReport hardware,
            Daemon daemon,
            List<Verdict> verdicts,
            String recommended,
            List<dev.jollama.core.fit.FitReport> installed) {}

    @Override
    public Integer call() {
        Console console = root.console();
        HardwareReport hw = probe().probe();
        Collection<Profile> profiles = root.services().config().profiles().values();
        List<Verdict> verdicts = FitVerdicts.of(hw, profiles);
        Verdict best = FitVerdicts.recommend(verdicts, profiles).orElse(null);
        Daemon daemon = daemon();
        List<dev.jollama.core.fit.FitReport> installed = daemon.reachable() ? installed(hw, daemon) : List.of();
        if (json.json) {
            console.println(
                    Json.pretty(new Report(hw, daemon, verdicts, best == null ? null : best.profile(), installed)));
            return 0;
        }
        StringBuilder out = new StringBuilder();
        line(
                out,
                "System",
                hw.os().name() + ", " + hw.os().version() + ", " + hw.os().arch());
        var cpu = hw.cpu();
        line(
                out,
                "CPU",
                (cpu.model() == null ? "unknown model" : cpu.model()) + ", "
                        + (cpu.physicalCores() == null ? "" : cpu.physicalCores() + " cores, ") + cpu.threads()
                        + " threads"
                        + (cpu.simd().isEmpty() ? ", no AVX2/AVX-512/NEON" : ", " + String.join(", ", cpu.simd())));
        var mem = hw.memory();
        line(out, "Memory", size(mem.total()) + " total, " + size(mem.available()) + " available");
        if (mem.cgroupLimit() != null) {
            line(
                    out,
                    "Container",
                    "memory limit " + size(mem.cgroupLimit()) + ": this is what counts, " + size(mem.usable())
                            + " usable");
        }
        if (hw.gpus().isEmpty()) {
            line(out, "GPU", "no supported GPU (NVIDIA via nvidia-smi, AMD via rocm-smi, Apple Silicon)");
        }
        for (HardwareReport.Gpu g : hw.gpus()) {
            line(
                    out,
                    "GPU",
                    g.name() + ", "
                            + (g.unified()
                                    ? "unified memory, about " + size(g.vramTotal()) + " usable"
                                    : size(g.vramTotal()) + " VRAM, " + size(g.vramFree()) + " free")
                            + (g.driver() == null ? "" : ", driver " + g.driver()));
        }
        line(out, "Disk", size(hw.disk().free()) + " free at " + hw.disk().path());
        line(
                out,
                "Daemon",
                daemon.reachable() ? "up at " + daemon.host() + ", version " + daemon.version() : daemon.problem());
        for (Loaded l : daemon.loaded()) {
            line(
                    out,
                    "",
                    l.name() + " loaded, "
                            + (l.fullyInVram()
                                    ? "fully in VRAM"
                                    : String.format(
                                            Locale.ROOT,
                                            "%s of %s in VRAM",
                                            HumanUnits.bytes(l.sizeVram()),
                                            HumanUnits.bytes(l.size()))));
        }
        out.append(System.lineSeparator());
        Table table = new Table("PROFILE", "MODEL", "VERDICT", "WHY");
        for (Verdict v : verdicts) {
            String why = v.reason();
            if (v.tokensPerSecondLow() != null) {
                why += "; about " + FitCommand.rate(v.tokensPerSecondLow(), v.tokensPerSecondHigh()) + " tokens/s ("
                        + v.speed() + ")";
            }
            if (Boolean.FALSE.equals(v.diskOk())) {
                why += "; not enough free disk for the download";
            }
            table.row(
                    v.profile(),
                    v.model(),
                    v.fit() == null ? "unknown" : v.fit().label(),
                    why);
        }
        out.append(table.render());
        if (!installed.isEmpty()) {
            out.append(System.lineSeparator());
            Table models = new Table("INSTALLED", "VERDICT", "MEMORY", "WHY");
            java.util.Map<String, List<String>> contexts = new java.util.LinkedHashMap<>();
            for (var r : installed) {
                String verdict = r.fit().label()
                        + (r.fit() == dev.jollama.core.hardware.Verdict.Fit.GPU_CPU
                                ? " (" + r.gpuLayers() + "/" + r.layers() + " layers)"
                                : "");
                String why = r.reason();
                if (r.tokensPerSecondLow() != null) {
                    why += "; about " + FitCommand.rate(r.tokensPerSecondLow(), r.tokensPerSecondHigh()) + " tokens/s";
                }
                models.row(
                        r.model(),
                        verdict,
                        r.context() == null ? "none here" : HumanUnits.bytes(r.totalBytes()) + " at " + r.context(),
                        why);
                if (r.contextSource() != null) {
                    contexts.computeIfAbsent(r.contextSource(), k -> new ArrayList<>())
                            .add(r.model());
                }
            }
            out.append(models.render());
            // The context each was judged at, and why: once when they share the reason.
            for (var c : contexts.entrySet()) {
                line(out, "Context", (contexts.size() == 1 ? "" : String.join(", ", c.getValue()) + ": ") + c.getKey());
            }
        }
        out.append(System.lineSeparator());
        out.append(
                best == null
                        ? "Recommended: none of the profiles fits this machine; a smaller model (for example a 1B one) may."
                        : "Recommended: " + best.profile() + " (" + best.fit().label()
                                + (best.speed() == null ? "" : ", " + best.speed()) + ")");
        out.append(System.lineSeparator());
        console.print(out.toString());
        return 0;
    }

    /**
     * A verdict for each installed model (at most 50), from the daemon's description of it, at the
     * context it has when loaded, else the one its modelfile sets, else the one Ollama would give it.
     */
    private List<dev.jollama.core.fit.FitReport> installed(HardwareReport hw, Daemon daemon) {
        var d = root.services().client().daemon();
        var check = root.services().client().fitCheck();
        List<dev.jollama.core.fit.FitReport> out = new ArrayList<>();
        try {
            for (var m : d.listModels().stream().limit(50).toList()) {
                try {
                    var info = d.show(m.name());
                    var details = m.details();
                    Integer modelfile = info.configuredContext();
                    out.add(check.installed(
                            m.name(),
                            info.modelInfo(),
                            m.size(),
                            details == null ? null : details.family(),
                            details == null ? null : details.parameterSize(),
                            details == null ? null : details.quantizationLevel(),
                            new dev.jollama.core.fit.FitCheck.Options(
                                    modelfile, modelfile == null ? null : "its modelfile's num_ctx", 1, null),
                            daemon.loaded().stream()
                                    .filter(l -> l.name().equals(m.name()))
                                    .map(Loaded::contextLength)
                                    .findFirst()
                                    .orElse(null),
                            hw));
                } catch (JollamaException e) {
                    // one model the daemon cannot describe leaves the others' verdicts
                }
            }
        } catch (JollamaException e) {
            return List.of();
        }
        return out;
    }

    HardwareProbe probe() {
        return root.services().client().hardwareProbe();
    }

    private Daemon daemon() {
        var d = root.services().client().daemon();
        try {
            String version = d.version();
            List<Loaded> loaded = new ArrayList<>();
            for (RunningModel m : d.runningModels()) {
                loaded.add(new Loaded(m.name(), m.size(), m.sizeVram(), m.sizeVram() >= m.size(), m.contextLength()));
            }
            return new Daemon(d.host().toString(), true, version, loaded, null);
        } catch (JollamaException e) {
            return new Daemon(d.host().toString(), false, null, List.of(), e.getMessage());
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-10s %s%n", key, value));
    }

    private static String size(Long bytes) {
        return bytes == null ? "unknown" : HumanUnits.bytes(bytes);
    }
}
