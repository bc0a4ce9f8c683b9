package dev.jollama.core.files;

/**
 * Globs as git and shells write them, as regular expressions over '/'-separated relative paths:
 * {@code *} and {@code ?} stay within a folder, {@code **} spans folders, {@code [a-z]} is a class,
 * a backslash quotes the next character and, where allowed, {@code {a,b}} is either.
 */
public final class Globs {

    private Globs() {}

    /**
     * The regular expression of {@code glob}; {@code braces}: whether {a,b} is an alternative.
     *
     * @throws IllegalArgumentException for a '{' without its '}'
     */
    public static String toRegex(String glob, boolean braces) {
        StringBuilder re = new StringBuilder(glob.length() * 2);
        int depth = 0;
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
                if (i + 1 < n && glob.charAt(i + 1) == '*') {
                    int after = i + 2;
                    while (after < n && glob.charAt(after) == '*') {
                        after++;
                    }
                    if (segmentStart && after < n && glob.charAt(after) == '/') {
                        re.append("(?:.*/)?"); // "**/": any folders, or none
                        i = after + 1;
                        continue;
                    }
                    if (segmentStart && after == n) {
                        re.append(".*"); // a trailing "**": everything below
                        i = after;
                        continue;
                    }
                    re.append("[^/]*"); // "**" inside a name is one "*", as git reads it
                    i = after;
                    continue;
                }
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = classEnd(glob, i);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    re.append('[');
                    int j = i + 1;
                    if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
                        re.append('^');
                        j++;
                    }
                    for (; j < close; j++) {
                        char k = glob.charAt(j);
                        if (k == '-' || Character.isLetterOrDigit(k)) {
                            re.append(k);
                        } else {
                            re.append('\\').append(k);
                        }
                    }
                    re.append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < n) {
                i++;
                quote(re, glob.charAt(i));
            } else if (braces && c == '{') {
                re.append("(?:");
                depth++;
            } else if (braces && c == ',' && depth > 0) {
                re.append('|');
            } else if (braces && c == '}' && depth > 0) {
                re.append(')');
                depth--;
            } else {
                quote(re, c);
            }
            i++;
        }
        if (depth > 0) {
            throw new IllegalArgumentException("has a '{' without its '}'");
        }
        return re.toString();
    }

    /** The index of the ']' closing the class opened at {@code open}, or -1 if it is not a class. */
    private static int classEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++; // a ']' first in the class is one of its characters
        }
        for (; j < glob.length(); j++) {
            char c = glob.charAt(j);
            if (c == ']') {
                return j;
            }
            if (c == '/') {
                return -1;
            }
        }
        return -1;
    }

    private static void quote(StringBuilder re, char c) {
        if ("\\.[]{}()<>*+-=!?^$|".indexOf(c) >= 0) {
            re.append('\\');
        }
        re.append(c);
    }

    /** The folders before the first wildcard of a glob ({@code src/main} of {@code src/main/**}), or "". */
    public static String literalPrefix(String glob) {
        int end = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if ("*?[{\\".indexOf(c) >= 0) {
                break;
            }
            if (c == '/') {
                end = i;
            }
        }
        return glob.substring(0, end);
    }
}
