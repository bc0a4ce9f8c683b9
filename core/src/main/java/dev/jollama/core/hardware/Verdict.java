package dev.jollama.core.hardware;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether and how a profile's model runs on this machine.
 *
 * @param tokensPerSecond a rough expectation for CPU runs, null when on the GPU or unknown
 * @param diskOk whether the download fits on the disk where Ollama keeps models (null: unknown)
 */
public record Verdict(
        String profile, String model, Fit fit, String reason, Double tokensPerSecond, String speed, Boolean diskOk) {

    /** Where the model runs. */
    public enum Fit {
        GPU("GPU"),
        GPU_CPU("GPU+CPU"),
        CPU("CPU"),
        WONT_FIT("won't fit");

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
