package dev.jollama.core.hardware;

import java.util.Locale;

/**
 * How fast a model generates here, in tokens per second: the one estimate behind {@code fit}, {@code
 * hw} and its recommendation. Each token reads every weight once, so the GPU's share takes its bytes
 * over the GPU's memory bandwidth; the CPU's share takes the longer of its bytes over the memory's
 * bandwidth and its parameters over what the cores compute. Real runs reach about half to four
 * fifths of that ideal: the range given.
 *
 * @param low tokens/s, the low end
 * @param high tokens/s, the high end
 */
public record GenerationSpeed(double low, double high) {

    /** Ideal tokens/s one core computes per billion parameters, by its widest SIMD. */
    static final double PER_CORE_AVX512 = 10;

    static final double PER_CORE_AVX2 = 8;
    static final double PER_CORE_PLAIN = 3;

    /**
     * @param weights the bytes read per token (all the weights)
     * @param onGpu the part of them on the GPUs (0 for a CPU run)
     * @param parametersB the parameters in billions, 0 when unknown (then memory bandwidth alone)
     * @return null when there is nothing to read ({@code weights} ≤ 0)
     */
    public static GenerationSpeed of(HardwareReport hw, long weights, long onGpu, double parametersB) {
        if (weights <= 0) {
            return null;
        }
        long gpuBytes = Math.max(0, Math.min(onGpu, weights));
        long cpuBytes = weights - gpuBytes;
        double gpuBandwidth = hw.gpus().stream()
                .filter(g -> g.vramFree() != null)
                .mapToDouble(Bandwidth::gpu)
                .min()
                .orElse(Bandwidth.UNKNOWN_GPU_GBS);
        double seconds = gpuBytes / (gpuBandwidth * 1e9);
        if (cpuBytes > 0) {
            double cpu = cpuBytes / (Bandwidth.CPU_GBS * 1e9);
            if (parametersB > 0 && hw.cpu() != null) {
                double compute = parametersB * ((double) cpuBytes / weights) / (cores(hw.cpu()) * perCore(hw.cpu()));
                cpu = Math.max(cpu, compute);
            }
            seconds += cpu;
        }
        double ideal = 1 / seconds;
        return new GenerationSpeed(round(ideal * 0.5), round(ideal * 0.8));
    }

    /** The middle of the range: what the speed classes and the recommendation go by. */
    public double typical() {
        return (low + high) / 2;
    }

    /** fast (15 tokens/s and more), usable (5), slow (2), very slow. */
    public String speedClass() {
        double t = typical();
        return t >= 15 ? "fast" : t >= 5 ? "usable" : t >= 2 ? "slow" : "very slow";
    }

    /** "12–19", or "2.1–3.4" below 10. */
    public String range() {
        return rate(low) + "–" + rate(high);
    }

    private static String rate(double tps) {
        return tps < 10 ? String.format(Locale.ROOT, "%.1f", tps) : String.format(Locale.ROOT, "%.0f", tps);
    }

    private static int cores(HardwareReport.Cpu cpu) {
        return cpu.physicalCores() != null && cpu.physicalCores() > 0
                ? cpu.physicalCores()
                : Math.max(1, cpu.threads() / 2);
    }

    private static double perCore(HardwareReport.Cpu cpu) {
        return cpu.simd().contains("AVX-512")
                ? PER_CORE_AVX512
                : cpu.simd().contains("AVX2") || cpu.simd().contains("NEON") ? PER_CORE_AVX2 : PER_CORE_PLAIN;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Parameters in billions from a size as Ollama shows it ("8.0B", "567M", "1.2T"); 0 when unreadable. */
    public static double parametersB(String size) {
        if (size == null || size.isBlank()) {
            return 0;
        }
        String s = size.strip().toUpperCase(Locale.ROOT);
        double unit =
                switch (s.charAt(s.length() - 1)) {
                    case 'T' -> 1000;
                    case 'B' -> 1;
                    case 'M' -> 0.001;
                    case 'K' -> 0.000001;
                    default -> 0;
                };
        try {
            return unit == 0 ? 0 : Double.parseDouble(s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
