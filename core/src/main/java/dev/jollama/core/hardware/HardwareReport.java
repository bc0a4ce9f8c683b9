package dev.jollama.core.hardware;

import java.util.List;

/**
 * What this machine has, as far as the probes could tell; a value that could not be read is null.
 * Sizes are bytes.
 */
public record HardwareReport(Os os, Cpu cpu, Memory memory, List<Gpu> gpus, Disk disk) {

    /** Operating system and architecture. */
    public record Os(String name, String version, String arch) {}

    /** The CPU: {@code simd} lists what matters for inference: avx2, avx512, neon. */
    public record Cpu(String model, Integer physicalCores, int threads, List<String> simd) {}

    /**
     * Memory. {@code cgroupLimit} is the container's limit when there is one; {@code usable} is what a
     * model can count on: available memory, capped by that limit.
     */
    public record Memory(Long total, Long available, Long cgroupLimit, Long usable) {}

    /** One GPU; {@code unified} for Apple Silicon, whose GPU shares system memory. */
    public record Gpu(String vendor, String name, Long vramTotal, Long vramFree, String driver, boolean unified) {}

    /** Free space where Ollama keeps its models. */
    public record Disk(String path, Long free) {}

    public long freeVram() {
        return gpus.stream()
                .mapToLong(g -> g.vramFree() != null ? g.vramFree() : 0)
                .sum();
    }
}
