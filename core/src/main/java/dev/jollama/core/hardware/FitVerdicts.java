package dev.jollama.core.hardware;

import dev.jollama.core.hardware.Verdict.Fit;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.profile.Requirements;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sets each profile's {@link Requirements} against a {@link HardwareReport}: the numbers come from the
 * profiles alone, so the command and docs/hardware.md cannot disagree.
 */
public final class FitVerdicts {

    /** GPU memory worth offloading layers to; below this a split costs more than it gains. */
    static final double MIN_OFFLOAD_GB = 1.0;

    /** Effective memory bandwidth of a typical desktop CPU, GB/s: token generation reads every weight. */
    static final double CPU_BANDWIDTH_GBS = 20.0;

    private FitVerdicts() {}

    public static List<Verdict> of(HardwareReport hw, Collection<Profile> profiles) {
        return profiles.stream().map(p -> of(hw, p)).toList();
    }

    public static Verdict of(HardwareReport hw, Profile p) {
        Requirements r = p.requirements();
        if (r == null) {
            return new Verdict(p.name(), p.model(), null, "no requirements in the profile", null, null, null);
        }
        double vram = hw.freeVram() / 1e9;
        Double ram = hw.memory().usable() != null ? hw.memory().usable() / 1e9 : null;
        Boolean diskOk = hw.disk().free() == null ? null : hw.disk().free() / 1e9 >= r.diskGB();
        if (vram >= r.vramGB()) {
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.GPU,
                    gb(r.vramGB()) + " fits in " + gb(vram) + " free VRAM",
                    null,
                    "fast",
                    diskOk);
        }
        if (vram >= MIN_OFFLOAD_GB && ram != null && vram + ram >= r.ramGB()) {
            int share = (int) Math.round(100 * vram / r.vramGB());
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.GPU_CPU,
                    "about " + share + "% on the GPU (" + gb(vram) + " free VRAM), the rest on the CPU",
                    null,
                    "medium",
                    diskOk);
        }
        if (ram == null) {
            return new Verdict(p.name(), p.model(), null, "memory could not be read", null, null, diskOk);
        }
        if (ram >= r.ramGB()) {
            double tps = cpuTokensPerSecond(hw.cpu(), r);
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.CPU,
                    gb(r.ramGB()) + " fits in " + gb(ram) + " usable RAM",
                    tps,
                    speedClass(tps),
                    diskOk);
        }
        return new Verdict(
                p.name(),
                p.model(),
                Fit.WONT_FIT,
                "needs " + gb(r.ramGB()) + ", only " + gb(ram) + " usable"
                        + (hw.memory().cgroupLimit() != null ? " under the container's limit" : ""),
                null,
                null,
                diskOk);
    }

    /**
     * The best profile here: the strongest placement, then the larger model, unless the larger one on
     * the CPU would be very slow (under 2 tokens/s): then the faster one.
     */
    public static Optional<Verdict> recommend(List<Verdict> verdicts, Collection<Profile> profiles) {
        return verdicts.stream()
                .filter(v -> v.fit() != null && v.fit() != Fit.WONT_FIT)
                .max(Comparator.comparingInt((Verdict v) -> rank(v.fit()))
                        .thenComparing(v -> v.tokensPerSecond() == null || v.tokensPerSecond() >= 2)
                        // when every candidate is very slow, the fastest of them
                        .thenComparingDouble(
                                v -> v.tokensPerSecond() != null && v.tokensPerSecond() < 2 ? v.tokensPerSecond() : 0)
                        .thenComparingDouble(v -> params(v, profiles)));
    }

    /**
     * A rough CPU generation speed: compute-bound at a few tokens/s per core per billion parameters
     * (more with wide SIMD), and never faster than memory bandwidth over the weights' size.
     */
    static double cpuTokensPerSecond(HardwareReport.Cpu cpu, Requirements r) {
        int cores = cpu.physicalCores() != null ? cpu.physicalCores() : Math.max(1, cpu.threads() / 2);
        double perCore = cpu.simd().contains("AVX-512")
                ? 8
                : cpu.simd().contains("AVX2") || cpu.simd().contains("NEON") ? 6 : 2;
        double compute = cores * perCore / Math.max(0.5, r.parametersB());
        double memory = CPU_BANDWIDTH_GBS / Math.max(0.5, r.diskGB());
        return Math.round(Math.min(compute, memory) * 10) / 10.0;
    }

    static String speedClass(double tps) {
        return tps >= 15 ? "fast" : tps >= 5 ? "usable" : tps >= 2 ? "slow" : "very slow";
    }

    private static int rank(Fit fit) {
        return switch (fit) {
            case GPU -> 3;
            case GPU_CPU -> 2;
            case CPU -> 1;
            case WONT_FIT -> 0;
        };
    }

    private static double params(Verdict v, Collection<Profile> profiles) {
        return profiles.stream()
                .filter(p -> p.name().equals(v.profile()) && p.requirements() != null)
                .mapToDouble(p -> p.requirements().parametersB())
                .findFirst()
                .orElse(0);
    }

    static String gb(double value) {
        return String.format(Locale.ROOT, "%.1f GB", value);
    }
}
