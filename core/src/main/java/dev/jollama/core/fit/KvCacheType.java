package dev.jollama.core.fit;

import java.util.Locale;

/** The KV cache's element type (OLLAMA_KV_CACHE_TYPE; the quantized ones need flash attention). */
public enum KvCacheType {
    F16(2.0),
    Q8_0(34.0 / 32),
    Q4_0(18.0 / 32);

    private final double bytesPerElement;

    KvCacheType(double bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }

    public double bytesPerElement() {
        return bytesPerElement;
    }

    public static KvCacheType parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "f16" -> F16;
            case "q8_0" -> Q8_0;
            case "q4_0" -> Q4_0;
            default ->
                throw new dev.jollama.core.error.InvalidInputException(
                        "--kv-cache wants f16, q8_0 or q4_0, not '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
