package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/** A request to {@code /api/generate}: a single prompt with no conversation history. */
public record GenerateRequest(
        String model,
        String prompt,
        String system,
        List<String> images,
        Map<String, Object> options,
        Object format,
        Object think,
        String keepAlive,
        boolean stream) {}
