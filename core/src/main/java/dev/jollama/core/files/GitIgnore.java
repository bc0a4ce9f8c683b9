package dev.jollama.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ignore rules of a git work tree, read as git reads them: {@code .git/info/exclude}, then the
 * {@code .gitignore} files from the top of the work tree down to a folder; the last matching line
 * decides, a deeper file over a shallower one; {@code !} re-includes, a trailing {@code /} matches
 * folders only, a {@code /} elsewhere anchors the pattern to its file's folder, {@code **} spans
 * folders, and a pattern without a {@code /} matches a name at any depth. A folder that is ignored is
 * not entered, so (as in git) nothing below it can be re-included. Paths are '/'-separated and
 * relative to the top. Outside a work tree, the folder walked is the top.
 */
public final class GitIgnore {

    public static final GitIgnore NONE = new GitIgnore(null, "", List.of());

    /** A .gitignore larger than this is not read: it is not one a person wrote. */
    private static final int MAX_BYTES = 1024 * 1024;

    private record Rule(Pattern pattern, boolean negated, boolean folderOnly, boolean anchored) {}

    private final GitIgnore parent;
    private final String base;
    private final List<Rule> rules;

    private GitIgnore(GitIgnore parent, String base, List<Rule> rules) {
        this.parent = parent;
        this.base = base;
        this.rules = rules;
    }

    /**
     * The top of the git work tree {@code dir} is in (the nearest folder, itself included, holding a
     * {@code .git}), or {@code dir} itself outside one. {@code dir} is a real path.
     */
    public static Path top(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return dir;
    }

    /** The rules of {@code top}'s {@code .git/info/exclude}, the first git reads; none without one. */
    public static GitIgnore excludes(Path top) {
        Path info = top.resolve(".git").resolve("info");
        return Files.isDirectory(info, LinkOption.NOFOLLOW_LINKS) ? NONE.read(info.resolve("exclude"), "") : NONE;
    }

    /**
     * These rules and those of {@code dir}'s own .gitignore, if it has one.
     *
     * @param relative the folder's path from the top, '/'-separated, "" for the top
     */
    public GitIgnore under(Path dir, String relative) {
        return read(dir.resolve(".gitignore"), relative);
    }

    private GitIgnore read(Path file, String relative) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return this;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            return this;
        }
        if (bytes.length > MAX_BYTES) {
            return this;
        }
        List<Rule> parsed = parse(new String(bytes, StandardCharsets.UTF_8));
        return parsed.isEmpty() ? this : new GitIgnore(this, relative.isEmpty() ? "" : relative + "/", parsed);
    }

    /** Whether the file or folder at {@code relative} (from the top) is ignored. */
    public boolean ignored(String relative, boolean folder) {
        return Boolean.TRUE.equals(decide(relative, folder));
    }

    private Boolean decide(String relative, boolean folder) {
        Boolean decided = parent == null ? null : parent.decide(relative, folder);
        if (!relative.startsWith(base)) {
            return decided;
        }
        String below = relative.substring(base.length());
        String name = below.substring(below.lastIndexOf('/') + 1);
        for (Rule rule : rules) {
            if (rule.folderOnly && !folder) {
                continue;
            }
            if (rule.pattern.matcher(rule.anchored ? below : name).matches()) {
                decided = !rule.negated;
            }
        }
        return decided;
    }

    static List<Rule> parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            line = stripTrailingSpaces(line);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated) {
                line = line.substring(1);
            }
            boolean folderOnly = line.endsWith("/");
            if (folderOnly) {
                line = line.substring(0, line.length() - 1);
            }
            boolean anchored = line.indexOf('/') >= 0;
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(new Rule(Pattern.compile(Globs.toRegex(line, false)), negated, folderOnly, anchored));
            } catch (RuntimeException e) {
                // A line git would not understand either: skipped, as git skips it.
            }
        }
        return rules;
    }

    /** Trailing blanks are not part of a pattern unless the last is quoted with a backslash. */
    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end >= 2 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }
}
