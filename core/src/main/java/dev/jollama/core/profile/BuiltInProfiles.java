package dev.jollama.core.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profiles present with no config file. Sizes are Ollama library download sizes; memory is
 * weights + KV cache at the profile's num_ctx (f16) + ~0.3–0.6 GB of compute graph. The arithmetic is
 * in docs/hardware.md.
 */
public final class BuiltInProfiles {

    private BuiltInProfiles() {}

    public static Map<String, Profile> all() {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put(
                "phi3-mini",
                new Profile(
                        "phi3-mini",
                        "phi3:3.8b-mini-4k-instruct-q4_K_M",
                        "Phi-3-mini 4k instruct, Q4_K_M: small and quick, runs on most laptops",
                        null,
                        Map.of("num_ctx", 4096, "temperature", 0.7),
                        "10m",
                        new Requirements(3.8, 2.4, 4.3, 4.3),
                        true,
                        null));
        profiles.put(
                "llama3-8b",
                new Profile(
                        "llama3-8b",
                        "llama3:8b-instruct-q4_K_M",
                        "Llama-3-8B instruct, Q4_K_M: stronger answers, wants 16 GB RAM or an 8 GB GPU",
                        null,
                        Map.of("num_ctx", 8192, "temperature", 0.7),
                        "10m",
                        new Requirements(8.0, 4.9, 6.5, 6.5),
                        true,
                        null));
        return profiles;
    }
}
