package dev.jollama.core.text;

import java.time.Duration;

/** Durations as people and Ollama write them: {@code 90s}, {@code 5m}, {@code 1h30m}. */
public final class Durations {

    private Durations() {}

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.isEmpty()) {
            out.append(s).append('s');
        }
        return out.toString();
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m} or a bare number of seconds; returns
     * null when the text is none of these.
     */
    public static Duration parse(String text) {
        try {
            return parseStrict(text.strip());
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return null; // more digits than a long, or more seconds than a Duration holds
        }
    }

    /**
     * A keep-alive as Ollama's {@code api.Duration} reads it: a bare number is seconds and must go as a
     * JSON number ({@code -1} forever, {@code 0} unload now), since as a string Go's
     * {@code time.ParseDuration} rejects it ("missing unit"); anything with a unit goes as a string.
     */
    public static Object keepAliveJson(String keepAlive) {
        String s = keepAlive.strip();
        if (s.matches("-?\\d{1,18}")) {
            return Long.parseLong(s);
        }
        return s;
    }

    private static Duration parseStrict(String s) {
        if (s.matches("-?\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        if (s.startsWith("-")) {
            // "-1m" is a valid keep-alive (forever), as in Go; parse the rest and negate it.
            Duration positive = s.length() > 1 && Character.isDigit(s.charAt(1)) ? parseStrict(s.substring(1)) : null;
            return positive == null ? null : positive.negated();
        }
        // As Go's time.ParseDuration, which Ollama uses: units may follow decimals (1.5h, 2.5s).
        if (!s.matches("(\\d+(\\.\\d+)?(ms|h|m|s))+")) {
            return null;
        }
        Duration total = Duration.ZERO;
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(s);
        while (m.find()) {
            java.math.BigDecimal n = new java.math.BigDecimal(m.group(1));
            long unitNanos =
                    switch (m.group(2)) {
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 3_600_000_000_000L;
                    };
            total = total.plusNanos(
                    n.multiply(java.math.BigDecimal.valueOf(unitNanos)).longValueExact());
        }
        return total;
    }
}
