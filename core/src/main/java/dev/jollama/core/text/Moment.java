package dev.jollama.core.text;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as people write it on a command line: an age ({@code 90s}, {@code 2h}, {@code 30d},
 * {@code 2w}, {@code 1h30m}) counted back from now, a date ({@code 2026-11-01}, midnight local
 * time), a local date and time ({@code 2026-11-01T14:30}) or an instant ({@code …Z}).
 */
public final class Moment {

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");

    private Moment() {}

    /** The forms {@link #parse} reads, for an error message. */
    public static final String FORMS = "an age (30m, 2h, 7d, 2w) or a date (2026-11-01, 2026-11-01T14:30)";

    /** The instant {@code text} names, or null when it is none of the forms. */
    public static Instant parse(String text, Clock clock) {
        String s = text.strip();
        Duration age = age(s);
        if (age != null) {
            return clock.instant().minus(age);
        }
        ZoneId zone = clock.getZone();
        try {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return java.time.OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration age(String s) {
        Matcher m = AGE.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> Duration.ofDays(7 * n);
                    });
            at = m.end();
        }
        return at > 0 && at == s.length() ? total : null;
    }
}
