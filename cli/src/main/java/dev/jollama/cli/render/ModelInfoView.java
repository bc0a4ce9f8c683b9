package dev.jollama.cli.render;

import dev.jollama.core.daemon.ModelInfo;

/** A model's details as {@code jollama show} and the chat's {@code /show info} print them. */
public final class ModelInfoView {

    private ModelInfoView() {}

    /** The model, its capabilities and its parameters, one per line, each line ending in a newline. */
    public static String render(ModelInfo info) {
        StringBuilder out = new StringBuilder();
        out.append("  Model").append(System.lineSeparator());
        Table details = new Table(
                "    family", value(info.details() != null ? info.details().family() : null));
        if (info.details() != null) {
            details.row("    parameters", value(info.details().parameterSize()));
            details.row("    quantization", value(info.details().quantizationLevel()));
        }
        details.row(
                "    context length",
                info.contextLength() != null ? info.contextLength().toString() : "unknown");
        out.append(details.render());
        if (info.capabilities() != null && !info.capabilities().isEmpty()) {
            out.append(System.lineSeparator()).append("  Capabilities").append(System.lineSeparator());
            info.capabilities().forEach(c -> out.append("    ").append(c).append(System.lineSeparator()));
        }
        if (info.parameters() != null && !info.parameters().isBlank()) {
            out.append(System.lineSeparator()).append("  Parameters").append(System.lineSeparator());
            out.append(parameters(info.parameters(), "    "));
        }
        return out.toString();
    }

    /** The model's own parameters ({@code /api/show}'s text, "key value" a line) as aligned columns. */
    public static String parameters(String text, String indent) {
        Table params = null;
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            String key = indent + kv[0];
            String val = kv.length > 1 ? kv[1] : "";
            params = params == null ? new Table(key, val) : params.row(key, val);
        }
        return params == null ? "" : params.render();
    }

    private static String value(String s) {
        return s == null || s.isEmpty() ? "unknown" : s;
    }
}
