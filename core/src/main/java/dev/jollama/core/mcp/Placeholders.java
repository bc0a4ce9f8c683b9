package dev.jollama.core.mcp;

import dev.jollama.core.error.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${VAR}} and {@code ${VAR:-default}}, the forms Claude Code and the shell know. */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private Placeholders() {}

    static String expand(String server, String text, Map<String, String> environment) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null || value.isEmpty() && m.group(2) != null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new InvalidConfigException("MCP server '" + server + "' uses ${" + m.group(1)
                        + "}, which is not set in jollama's environment (set it, or write ${" + m.group(1)
                        + ":-default})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Map<String, String> expandValues(
            String server, Map<String, String> values, Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, expand(server, v, environment)));
        return out;
    }
}
