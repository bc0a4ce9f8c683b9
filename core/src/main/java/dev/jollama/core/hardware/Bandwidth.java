package dev.jollama.core.hardware;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory bandwidth, which bounds generation speed: each token reads every weight once. GPUs by name
 * from their published figures; an unknown GPU gets {@link #UNKNOWN_GPU_GBS}; the CPU side a typical
 * dual-channel DDR4/DDR5 desktop figure (docs/hardware.md).
 */
final class Bandwidth {

    /** A mid-range discrete GPU: what an unknown name is assumed to have. */
    static final double UNKNOWN_GPU_GBS = 300;
    /** Dual-channel DDR4-3200 is 51 GB/s in theory, ~35 in practice; DDR5 more. */
    static final double CPU_GBS = 40;

    private static final Map<String, Double> GPUS = new LinkedHashMap<>();

    static {
        // Most specific first: "4090" must not match a "4090 laptop" entry's shorter key.
        GPUS.put("h100", 3350.0);
        GPUS.put("a100", 1935.0);
        GPUS.put("l40", 864.0);
        GPUS.put("a6000", 768.0);
        GPUS.put("4090", 1008.0);
        GPUS.put("4080", 717.0);
        GPUS.put("4070 ti", 504.0);
        GPUS.put("4070", 504.0);
        GPUS.put("4060 ti", 288.0);
        GPUS.put("4060", 272.0);
        GPUS.put("3090", 936.0);
        GPUS.put("3080", 760.0);
        GPUS.put("3070", 448.0);
        GPUS.put("3060", 360.0);
        GPUS.put("2080", 448.0);
        GPUS.put("t4", 320.0);
        GPUS.put("v100", 900.0);
        GPUS.put("7900 xtx", 960.0);
        GPUS.put("7900", 800.0);
        GPUS.put("m3 max", 400.0);
        GPUS.put("m2 max", 400.0);
        GPUS.put("m1 max", 400.0);
        GPUS.put("m2 ultra", 800.0);
        GPUS.put("m1 ultra", 800.0);
        GPUS.put("m3 pro", 150.0);
        GPUS.put("m2 pro", 200.0);
        GPUS.put("m1 pro", 200.0);
        GPUS.put("apple m", 100.0);
    }

    private Bandwidth() {}

    static double gpu(HardwareReport.Gpu gpu) {
        String name = gpu.name() == null ? "" : gpu.name().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Double> e : GPUS.entrySet()) {
            if (name.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return UNKNOWN_GPU_GBS;
    }
}
