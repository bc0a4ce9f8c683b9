package dev.jollama.core.fake;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which Ollama applies to a {@code keep_alive} string: the same
 * grammar ({@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, or a bare {@code 0}) and the same error texts, so the
 * fake rejects what the daemon rejects, in its words.
 */
final class GoDuration {

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(63); // Go's 1<<63, as uint64
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // U+00B5 micro sign
            "\u03bcs", 1_000L, // U+03BC Greek small letter mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** The duration in nanoseconds; an {@link IllegalArgumentException} with Go's error text if it is none. */
    static long parse(String orig) {
        String s = orig;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0; // the one number Go accepts without a unit
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(orig);
            }
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            BigInteger whole = start == i ? BigInteger.ZERO : new BigInteger(s.substring(start, i));
            if (whole.compareTo(MAX) > 0) {
                throw invalid(orig);
            }
            boolean digitsBefore = i > start;
            boolean digitsAfter = false;
            long fraction = 0;
            double scale = 1;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                    // Like Go, digits beyond what an int64 holds are read but ignored.
                    int digit = s.charAt(i) - '0';
                    if (overflow || fraction > (Long.MAX_VALUE - digit) / 10) {
                        overflow = true;
                        continue;
                    }
                    fraction = fraction * 10 + digit;
                    scale *= 10;
                }
                digitsAfter = i > fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                throw invalid(orig); // no digits, as in ".s" or "-.s"
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String unitName = s.substring(unitStart, i);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
            }
            if (whole.compareTo(MAX.divide(BigInteger.valueOf(unit))) > 0) {
                throw invalid(orig);
            }
            BigInteger v = whole.multiply(BigInteger.valueOf(unit));
            if (fraction > 0) {
                v = v.add(BigInteger.valueOf((long) (fraction * (unit / scale))));
                if (v.compareTo(MAX) > 0) {
                    throw invalid(orig);
                }
            }
            total = total.add(v);
            if (total.compareTo(MAX) > 0) {
                throw invalid(orig);
            }
        }
        if (negative) {
            return total.negate().longValue();
        }
        if (total.compareTo(MAX) >= 0) {
            throw invalid(orig);
        }
        return total.longValue();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig));
    }

    /** Go's {@code time.quote}: double quotes, {@code \"} and {@code \\}, and {@code \xNN} per byte of anything not printable ASCII. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            if (c >= 0x80 || c < ' ') {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("\\x%02x", b & 0xff));
                }
            } else {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }
}
