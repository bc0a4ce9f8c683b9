package dev.jollama.core.daemon;

import dev.jollama.core.error.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * Ollama's {@code think}: {@code true} or {@code false}, or a level ({@code "low"}, {@code "medium"},
 * {@code "high"}, {@code "max"}) as the daemon has taken since 2025. The value sent is a {@link Boolean} or
 * a level {@link String}, exactly as Ollama's {@code ThinkValue} reads it.
 */
public final class ThinkValue {

    /** The levels, in rising order. */
    public static final List<String> LEVELS = List.of("low", "medium", "high", "max");

    private ThinkValue() {}

    /**
     * {@code true|false|on|off|low|medium|high|max} → {@link Boolean#TRUE}, {@link Boolean#FALSE} or the level.
     *
     * @throws InvalidInputException naming {@code what} (a flag, a command) for anything else
     */
    public static Object parse(String text, String what) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> {
                if (LEVELS.contains(t)) {
                    yield t;
                }
                throw new InvalidInputException(
                        what + " takes true, false, low, medium, high or max, not '" + text + "'");
            }
        };
    }

    /** True when {@code think} (null, a Boolean or a level) asks for thinking. */
    public static boolean isOn(Object think) {
        return think != null && !Boolean.FALSE.equals(think);
    }

    /** True when it turns thinking off. */
    public static boolean isOff(Object think) {
        return Boolean.FALSE.equals(think);
    }

    /**
     * gpt-oss ignores a boolean and thinks at a level: a boolean asked for it becomes "medium" (its
     * default), and {@code warnings} says so.
     */
    public static Object forModel(String model, Object think, java.util.function.Consumer<String> warnings) {
        if (think instanceof Boolean on && model != null && model.startsWith("gpt-oss")) {
            warnings.accept("gpt-oss ignores a true/false think and always thinks: "
                    + (on ? "sent think \"medium\"" : "it cannot be turned off; sent think \"low\"")
                    + " (--think=low|medium|high picks the level)");
            return on ? "medium" : "low";
        }
        return think;
    }

    /** The {@code reasoning_effort} an OpenAI-compatible engine takes for a level (it has no "max"). */
    public static String reasoningEffort(String level) {
        return level.equals("max") ? "high" : level;
    }
}
