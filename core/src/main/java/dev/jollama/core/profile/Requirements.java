package dev.jollama.core.profile;

/**
 * What a profile's model needs, in decimal gigabytes as Ollama reports sizes.
 *
 * @param parametersB parameters, in billions
 * @param diskGB size of the download
 * @param ramGB memory the loaded model takes at the profile's context size (weights, KV cache, graph)
 * @param vramGB GPU memory to hold all of it on the GPU
 */
public record Requirements(double parametersB, double diskGB, double ramGB, double vramGB) {}
