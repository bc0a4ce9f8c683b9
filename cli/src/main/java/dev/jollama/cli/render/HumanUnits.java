package dev.jollama.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Sizes and times the way people read them: decimal units like Ollama, "3 days ago", "4 minutes from now". */
public final class HumanUnits {

    private HumanUnits() {}

    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** "just now", "5 minutes ago", "2 days ago"; the raw text when it cannot be parsed. */
    public static String ago(String timestamp, Instant now) {
        Instant then = parse(timestamp);
        if (then == null) {
            return timestamp == null ? "" : timestamp;
        }
        Duration d = Duration.between(then, now);
        return d.isNegative() ? "just now" : span(d) + " ago";
    }

    /** "4 minutes from now", "Forever" for keep-alive -1, "Stopping…" once past. */
    public static String until(String timestamp, Instant now) {
        Instant then = parse(timestamp);
        if (then == null) {
            return timestamp == null ? "" : timestamp;
        }
        if (Duration.between(now, then).toDays() > 365 * 100L) {
            return "Forever";
        }
        Duration d = Duration.between(now, then);
        return d.isNegative() ? "Stopping..." : span(d) + " from now";
    }

    static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s <= 1 ? "1 second" : s + " seconds";
        }
        long m = s / 60;
        if (m < 60) {
            return plural(m, "minute");
        }
        long h = m / 60;
        if (h < 48) {
            return plural(h, "hour");
        }
        long days = h / 24;
        if (days < 14) {
            return plural(days, "day");
        }
        if (days < 60) {
            return plural(days / 7, "week");
        }
        if (days < 730) {
            return plural(days / 30, "month");
        }
        return plural(days / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n == 1 ? (unit.equals("hour") ? "an hour" : "1 " + unit) : n + " " + unit + "s";
    }

    public static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.2fs", s) : String.format(Locale.ROOT, "%.1fs", s);
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
