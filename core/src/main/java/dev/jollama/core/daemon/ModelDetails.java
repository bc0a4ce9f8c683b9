package dev.jollama.core.daemon;

import java.util.List;

/** What the daemon says about a model's weights: family, size class and quantization. */
public record ModelDetails(
        String parentModel,
        String format,
        String family,
        List<String> families,
        String parameterSize,
        String quantizationLevel) {}
