package dev.jollama.core.daemon;

/**
 * A model loaded in memory, as listed by {@code /api/ps}. {@code sizeVram < size} means part of it
 * runs on the CPU.
 */
public record RunningModel(
        String name,
        String model,
        long size,
        long sizeVram,
        String digest,
        ModelDetails details,
        String expiresAt,
        Integer contextLength) {

    /** The share of the model held in GPU memory, 0 to 100. */
    public int gpuPercent() {
        if (size <= 0) {
            return 0;
        }
        return (int) Math.round(100.0 * Math.min(sizeVram, size) / size);
    }
}
