package dev.jollama.core.tools.builtin;

import dev.jollama.core.files.Binary;
import dev.jollama.core.files.FileWalk;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep}: the lines matching a Java regular expression in the workspace's text files (or in one
 * folder or file of it), as {@code path:line:text}. Bounded in matches, in the length of each line
 * shown, in file size and in time: a pattern that backtracks without end is stopped, not waited for.
 */
public final class Grep extends BuiltinTool {

    public static final String NAME = "grep";

    public static final int MAX_MATCHES = 200;
    static final int MAX_LINE = 300;
    static final int MAX_PATTERN = 10_000;
    static final long MAX_FILE = 8L * 1024 * 1024;
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    private final Workspace workspace;
    private final int maxMatches;
    private final Duration timeLimit;

    public Grep(Workspace workspace) {
        this(workspace, MAX_MATCHES, TIME_LIMIT);
    }

    public Grep(Workspace workspace, int maxMatches, Duration timeLimit) {
        super(
                NAME,
                "Search the workspace's text files for lines matching a regular expression (Java syntax)."
                        + " Returns path:line:text for each matching line, at most " + maxMatches + " of them,"
                        + " each cut to " + MAX_LINE + " characters. Hidden, git-ignored and binary files are"
                        + " skipped.",
                Schema.object()
                        .required("pattern", "string", "The regular expression, e.g. \"class \\\\w+Tool\".")
                        .optional(
                                "path",
                                "string",
                                "A folder or file to search, relative to the workspace root. Default: the root.")
                        .optional(
                                "glob",
                                "string",
                                "Only files matching this glob, e.g. src/**/*.java or *.md (as list_files).")
                        .optional("ignore_case", "boolean", "Match regardless of case. Default: false.")
                        .build());
        this.workspace = workspace;
        this.maxMatches = maxMatches;
        this.timeLimit = timeLimit;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) {
        String pattern = arguments.string("pattern");
        String path = arguments.optionalString("path");
        String glob = arguments.optionalString("glob");
        workspace.resolve(path == null ? "." : path);
        FileFilter.of(glob);
        return plain(
                "/" + Arguments.shown(pattern, 80) + "/ in " + (path == null ? "." : path)
                        + (glob == null ? "" : " " + glob),
                arguments);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        String regex = arguments.string("pattern");
        String path = arguments.optionalString("path");
        FileFilter filter = FileFilter.of(arguments.optionalString("glob"));
        boolean ignoreCase = arguments.optionalBoolean("ignore_case", false);
        if (regex.isEmpty()) {
            throw new ToolFailure("field 'pattern' is empty: give a regular expression");
        }
        if (regex.length() > MAX_PATTERN) {
            throw new ToolFailure("the pattern is " + regex.length() + " characters long: at most " + MAX_PATTERN);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new ToolFailure("invalid regular expression " + Arguments.shown(regex) + ": " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        } catch (StackOverflowError e) {
            throw new ToolFailure("the regular expression is too deeply nested");
        }
        Path start = workspace.resolve(path != null ? path : filter != null ? filter.start() : ".");
        Search search = new Search(pattern, new Deadline(cancellation, System.nanoTime() + timeLimit.toNanos()));
        try {
            if (Files.isRegularFile(start, LinkOption.NOFOLLOW_LINKS)) {
                search.file(start, workspace.show(start));
            } else if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                new FileWalk(workspace.root(), cancellation).walk(start, (real, shown) -> {
                    if (filter == null || filter.matches(shown)) {
                        search.file(real, shown);
                    }
                    return search.found < maxMatches;
                });
            } else if (path != null) {
                throw new ToolFailure("no such file or folder: " + workspace.show(start));
            }
        } catch (Deadline.Reached e) {
            if (cancellation.isCancelled()) {
                return ToolResult.error("cancelled");
            }
            search.stopped = "stopped after " + Durations.human(timeLimit) + ": the pattern is too slow or the"
                    + " tree too large; narrow the path or the glob, or simplify the pattern";
        } catch (StackOverflowError e) {
            search.stopped = "stopped: the pattern overflowed the stack on a long line; simplify it";
        }
        if (cancellation.isCancelled()) {
            return ToolResult.error("cancelled");
        }
        StringBuilder text = search.out;
        if (search.found == 0 && search.stopped == null) {
            text.append("no matches for ")
                    .append(Arguments.shown(regex, 80))
                    .append(" in ")
                    .append(workspace.show(start));
        }
        if (search.found >= maxMatches) {
            TextFiles.appendNote(
                    text, "stopped at " + maxMatches + " matches: narrow the pattern, the path or the glob");
        }
        if (search.stopped != null) {
            TextFiles.appendNote(text, search.stopped);
        }
        if (search.tooLarge > 0) {
            TextFiles.appendNote(
                    text, search.tooLarge + " file(s) larger than " + ByteSize.human(MAX_FILE) + " not searched");
        }
        return ToolResult.ok(text.toString());
    }

    private final class Search {
        final Pattern pattern;
        final Deadline deadline;
        final StringBuilder out = new StringBuilder();
        int found;
        int tooLarge;
        String stopped;

        Search(Pattern pattern, Deadline deadline) {
            this.pattern = pattern;
            this.deadline = deadline;
        }

        void file(Path real, String shown) throws IOException {
            deadline.check();
            byte[] bytes;
            try (InputStream in = workspace.open(real)) {
                bytes = in.readNBytes((int) MAX_FILE + 1);
            } catch (IOException e) {
                return; // unreadable: passed over
            }
            if (bytes.length > MAX_FILE) {
                tooLarge++;
                return;
            }
            if (Binary.looksBinary(bytes, bytes.length)) {
                return;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            Matcher matcher = pattern.matcher("");
            int lineNumber = 0;
            int from = 0;
            while (from < text.length() && found < maxMatches) {
                int newline = text.indexOf('\n', from);
                int to = newline < 0 ? text.length() : newline;
                int end = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
                lineNumber++;
                String line = text.substring(from, end);
                if (matcher.reset(deadline.watch(line)).find()) {
                    found++;
                    out.append(shown)
                            .append(':')
                            .append(lineNumber)
                            .append(':')
                            .append(Arguments.shown(line, MAX_LINE))
                            .append('\n');
                }
                from = to + 1;
            }
        }
    }
}
