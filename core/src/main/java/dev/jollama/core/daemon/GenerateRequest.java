package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A request to {@code /api/generate}: a single prompt with no conversation history. {@code truncate}
 * and {@code shift} as in {@link ChatRequest}; null leaves them out.
 */
public record GenerateRequest(
        String model,
        String prompt,
        String system,
        List<String> images,
        Map<String, Object> options,
        Object format,
        Object think,
        String keepAlive,
        boolean stream,
        Boolean truncate,
        Boolean shift) {

    public GenerateRequest(
            String model,
            String prompt,
            String system,
            List<String> images,
            Map<String, Object> options,
            Object format,
            Object think,
            String keepAlive,
            boolean stream) {
        this(model, prompt, system, images, options, format, think, keepAlive, stream, null, null);
    }
}
