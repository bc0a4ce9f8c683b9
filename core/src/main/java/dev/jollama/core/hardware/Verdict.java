package dev.jollama.core.hardware;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether and how a profile's model runs on this machine.
 *
 * @param tokensPerSecondLow the generation speed estimate ({@link GenerationSpeed}, the same as
 *     {@code fit}'s), its low end; null when it won't fit or is unknown
 * @param speed the speed's class: fast, usable, slow, very slow
 * @param diskOk whether the download fits on the disk where Ollama keeps models (null: unknown)
 */
public record Verdict(
        String profile,
        String model,
        Fit fit,
        String reason,
        Double tokensPerSecondLow,
        Double tokensPerSecondHigh,
        String speed,
        Boolean diskOk) {

    Verdict(String profile, String model, Fit fit, String reason, GenerationSpeed speed, Boolean diskOk) {
        this(
                profile,
                model,
                fit,
                reason,
                speed == null ? null : speed.low(),
                speed == null ? null : speed.high(),
                speed == null ? null : speed.speedClass(),
                diskOk);
    }

    /** Where the model runs. */
    public enum Fit {
        GPU("GPU"),
        GPU_CPU("GPU+CPU"),
        CPU("CPU"),
        WONT_FIT("won't fit"),
        /** A cloud model: it runs on ollama.com, not here. */
        CLOUD("cloud");

        private final String label;

        Fit(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }
}
