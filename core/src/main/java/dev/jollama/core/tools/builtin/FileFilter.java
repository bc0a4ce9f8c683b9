package dev.jollama.core.tools.builtin;

import dev.jollama.core.files.Globs;
import java.util.regex.Pattern;

/**
 * The {@code glob} of {@code list_files} and {@code grep}: matched against the path from the workspace
 * root ({@code src/**}{@code /*.java}), or, when it has no '/', against the file's name at any depth
 * ({@code *.md}), as ripgrep's {@code -g} does.
 */
final class FileFilter {

    private final String glob;
    private final Pattern pattern;
    private final boolean byName;

    private FileFilter(String glob) {
        this.glob = glob;
        String regex;
        try {
            regex = Globs.toRegex(glob, true);
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("glob " + Arguments.shown(glob) + " " + e.getMessage());
        }
        this.pattern = Pattern.compile(regex);
        this.byName = glob.indexOf('/') < 0;
    }

    /** The filter of a glob argument, or null for none. */
    static FileFilter of(String glob) {
        if (glob == null || glob.isEmpty()) {
            return null;
        }
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        if (g.startsWith("/")) {
            throw new ToolFailure("glob " + Arguments.shown(glob) + " must be relative to the workspace root");
        }
        if (g.length() > 4096) {
            throw new ToolFailure("glob " + Arguments.shown(glob) + " is too long");
        }
        return new FileFilter(g);
    }

    boolean matches(String shown) {
        return pattern.matcher(byName ? shown.substring(shown.lastIndexOf('/') + 1) : shown)
                .matches();
    }

    /** Where to start walking: the folders the glob names before its first wildcard, or "." */
    String start() {
        String prefix = Globs.literalPrefix(glob);
        return prefix.isEmpty() ? "." : prefix;
    }

    @Override
    public String toString() {
        return glob;
    }
}
