package dev.jollama.core.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them in a config or on a command line: {@code 32MiB}, {@code 500kB}, {@code 1G}. */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {}

    /**
     * Bytes, or -1 when the text is not a size. {@code KiB MiB GiB TiB} and the bare letters {@code K M G
     * T} (as in {@code -Xmx}) are powers of 1024; {@code kB MB GB TB} are powers of 1000; no unit or
     * {@code B} is bytes.
     */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty())) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        boolean decimal = m.group(3).isEmpty() && !m.group(4).isEmpty();
        int power = unit.isEmpty() ? 0 : "kmgt".indexOf(unit) + 1;
        long base = decimal ? 1000 : 1024;
        for (int i = 0; i < power; i++) {
            if (n > Long.MAX_VALUE / base) {
                return -1;
            }
            n *= base;
        }
        return n;
    }

    /** The size in the largest binary unit that keeps it readable: {@code 32 MiB}, {@code 1.5 GiB}. */
    public static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }
}
