package dev.jollama.core.tools.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff ({@code diff -u}, three lines of context) of a file's old text and its new one, as
 * the user sees it before approving a write. Lines are compared with their line ends, so a change of
 * the final newline shows, marked as GNU diff marks it. Large, very different texts are not diffed
 * line by line forever: past a budget of work the changed middle is shown as removed then added.
 */
final class UnifiedDiff {

    static final int CONTEXT = 3;

    /** More edits than this in the changed middle and it is shown as one replacement. */
    private static final int MAX_EDITS = 1000;

    /** The most steps the search may take (about a second), whatever the texts. */
    private static final long MAX_WORK = 50_000_000L;

    /** The diff's text (empty when nothing changed) and the lines it adds and removes. */
    record Diff(String text, int added, int removed) {
        boolean unchanged() {
            return added == 0 && removed == 0;
        }
    }

    private enum Op {
        SAME,
        REMOVED,
        ADDED
    }

    private UnifiedDiff() {}

    /**
     * @param oldText the file's text, or null when it does not exist yet ({@code --- /dev/null})
     * @param maxChars the longest diff text shown; beyond it the diff is cut with a note
     */
    static Diff of(String path, String oldText, String newText, int maxChars) {
        String[] a = lines(oldText == null ? "" : oldText);
        String[] b = lines(newText);
        List<Op> ops = ops(a, b);
        int added = 0;
        int removed = 0;
        for (Op op : ops) {
            if (op == Op.ADDED) {
                added++;
            } else if (op == Op.REMOVED) {
                removed++;
            }
        }
        if (added == 0 && removed == 0) {
            return new Diff("", 0, 0);
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldText == null ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ b/").append(path).append('\n');
        // Where each op stands in the old and new texts.
        int n = ops.size();
        int[] aAt = new int[n + 1];
        int[] bAt = new int[n + 1];
        for (int i = 0; i < n; i++) {
            aAt[i + 1] = aAt[i] + (ops.get(i) == Op.ADDED ? 0 : 1);
            bAt[i + 1] = bAt[i] + (ops.get(i) == Op.REMOVED ? 0 : 1);
        }
        int i = 0;
        int cutLines = 0;
        while (i < n) {
            while (i < n && ops.get(i) == Op.SAME) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = Math.max(0, i - CONTEXT);
            int lastChange = i;
            int j = i;
            // The hunk goes on while the next change is within twice the context of the last one.
            while (j < n) {
                if (ops.get(j) != Op.SAME) {
                    lastChange = j;
                } else if (j - lastChange > 2 * CONTEXT) {
                    break;
                }
                j++;
            }
            int end = Math.min(n, lastChange + 1 + CONTEXT);
            int oldCount = aAt[end] - aAt[start];
            int newCount = bAt[end] - bAt[start];
            if (out.length() > maxChars) {
                cutLines += end - start;
            } else {
                out.append("@@ -")
                        .append(range(aAt[start], oldCount))
                        .append(" +")
                        .append(range(bAt[start], newCount))
                        .append(" @@\n");
                for (int k = start; k < end; k++) {
                    Op op = ops.get(k);
                    String line = op == Op.ADDED ? b[bAt[k]] : a[aAt[k]];
                    out.append(op == Op.SAME ? ' ' : op == Op.REMOVED ? '-' : '+');
                    if (line.endsWith("\n")) {
                        out.append(line);
                    } else {
                        out.append(line).append("\n\\ No newline at end of file\n");
                    }
                    if (out.length() > maxChars && k + 1 < end) {
                        cutLines += end - k - 1;
                        break;
                    }
                }
            }
            i = end;
        }
        if (cutLines > 0) {
            out.append("… (the diff is cut here: ").append(cutLines).append(" more lines)\n");
        }
        return new Diff(out.toString(), added, removed);
    }

    /** "-3,4": the first line and the count; the count alone is left out when it is 1, as diff does. */
    private static String range(int before, int count) {
        if (count == 0) {
            return before + ",0";
        }
        return count == 1 ? String.valueOf(before + 1) : (before + 1) + "," + count;
    }

    /** The lines of {@code text}, each with its '\n' (the last may have none). */
    static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines.toArray(new String[0]);
    }

    private static List<Op> ops(String[] a, String[] b) {
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix
                && suffix < b.length - prefix
                && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
            suffix++;
        }
        List<Op> ops = new ArrayList<>(a.length + b.length - prefix - suffix);
        for (int i = 0; i < prefix; i++) {
            ops.add(Op.SAME);
        }
        String[] midA = Arrays.copyOfRange(a, prefix, a.length - suffix);
        String[] midB = Arrays.copyOfRange(b, prefix, b.length - suffix);
        List<Op> middle = midA.length == 0 || midB.length == 0 ? null : myers(midA, midB);
        if (middle == null) {
            for (int i = 0; i < midA.length; i++) {
                ops.add(Op.REMOVED);
            }
            for (int i = 0; i < midB.length; i++) {
                ops.add(Op.ADDED);
            }
        } else {
            ops.addAll(middle);
        }
        for (int i = 0; i < suffix; i++) {
            ops.add(Op.SAME);
        }
        return ops;
    }

    /**
     * Myers' O(ND) shortest edit script, with each round's furthest reaching points kept to trace it
     * back; null when the texts differ by more than the edit or work budget allows.
     */
    private static List<Op> myers(String[] a, String[] b) {
        int n = a.length;
        int m = b.length;
        int maxD = Math.min(n + m, MAX_EDITS);
        // v[k + offset] is the furthest x on diagonal k; trace[d] is v before round d, for k in -d-1..d+1.
        int offset = maxD + 1;
        int[] v = new int[2 * maxD + 3];
        List<int[]> trace = new ArrayList<>();
        long work = 0;
        for (int d = 0; d <= maxD; d++) {
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                        ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x].equals(b[y])) {
                    x++;
                    y++;
                    work++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, n, m);
                }
            }
            work += d + 1;
            if (work > MAX_WORK) {
                return null;
            }
        }
        return null;
    }

    private static List<Op> backtrack(List<int[]> trace, int n, int m) {
        List<Op> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int base = d + 1; // v[base + k] is diagonal k
            int k = x - y;
            int previousK = k == -d || (k != d && v[base + k - 1] < v[base + k + 1]) ? k + 1 : k - 1;
            int previousX = v[base + previousK];
            int previousY = previousX - previousK;
            while (x > previousX && y > previousY) {
                reversed.add(Op.SAME);
                x--;
                y--;
            }
            if (d > 0) {
                reversed.add(x == previousX ? Op.ADDED : Op.REMOVED);
            }
            x = previousX;
            y = previousY;
        }
        List<Op> ops = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            ops.add(reversed.get(i));
        }
        return ops;
    }
}
