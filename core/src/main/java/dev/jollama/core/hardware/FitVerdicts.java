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
 * profiles alone, so the command and docs/hardware.md cannot disagree. The speed is {@link
 * GenerationSpeed}'s, as {@code fit} gives it.
 */
public final class FitVerdicts {

    /** GPU memory worth offloading layers to; below this a split costs more than it gains. */
    static final double MIN_OFFLOAD_GB = 1.0;

    /** Tokens/s (the middle of the estimate) from which a model is worth recommending over a faster one. */
    static final double USABLE_TPS = 5;

    private FitVerdicts() {}

    public static List<Verdict> of(HardwareReport hw, Collection<Profile> profiles) {
        return profiles.stream().map(p -> of(hw, p)).toList();
    }

    public static Verdict of(HardwareReport hw, Profile p) {
        Requirements r = p.requirements();
        if (r == null) {
            return new Verdict(p.name(), p.model(), null, "no requirements in the profile", null, null);
        }
        double vram = hw.freeVram() / 1e9;
        Double ram = hw.memory().usable() != null ? hw.memory().usable() / 1e9 : null;
        Boolean diskOk = hw.disk().free() == null ? null : hw.disk().free() / 1e9 >= r.diskGB();
        long weights = Math.round(r.diskGB() * 1e9);
        if (vram >= r.vramGB()) {
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.GPU,
                    gb(r.vramGB()) + " fits in " + gb(vram) + " free VRAM",
                    GenerationSpeed.of(hw, weights, weights, r.parametersB()),
                    diskOk);
        }
        if (vram >= MIN_OFFLOAD_GB && ram != null && vram + ram >= r.ramGB()) {
            double share = Math.min(1, vram / r.vramGB());
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.GPU_CPU,
                    "about " + Math.round(100 * share) + "% on the GPU (" + gb(vram)
                            + " free VRAM), the rest on the CPU",
                    GenerationSpeed.of(hw, weights, Math.round(weights * share), r.parametersB()),
                    diskOk);
        }
        if (ram == null) {
            return new Verdict(p.name(), p.model(), null, "memory could not be read", null, diskOk);
        }
        if (ram >= r.ramGB()) {
            return new Verdict(
                    p.name(),
                    p.model(),
                    Fit.CPU,
                    gb(r.ramGB()) + " fits in " + gb(ram) + " usable RAM",
                    GenerationSpeed.of(hw, weights, 0, r.parametersB()),
                    diskOk);
        }
        return new Verdict(
                p.name(),
                p.model(),
                Fit.WONT_FIT,
                "needs " + gb(r.ramGB()) + ", only " + gb(ram) + " usable"
                        + (hw.memory().cgroupLimit() != null ? " under the container's limit" : ""),
                null,
                diskOk);
    }

    /**
     * The best profile here, by the speed estimate: the largest model that is at least usable (5
     * tokens/s), the faster between equals; when none is, the fastest.
     */
    public static Optional<Verdict> recommend(List<Verdict> verdicts, Collection<Profile> profiles) {
        return verdicts.stream()
                .filter(v -> v.fit() != null && v.fit() != Fit.WONT_FIT && v.tokensPerSecondLow() != null)
                .max(Comparator.comparing((Verdict v) -> typical(v) >= USABLE_TPS)
                        .thenComparingDouble(v -> typical(v) >= USABLE_TPS ? params(v, profiles) : typical(v))
                        .thenComparingDouble(FitVerdicts::typical));
    }

    private static double typical(Verdict v) {
        return (v.tokensPerSecondLow() + v.tokensPerSecondHigh()) / 2;
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
