package dev.jollama.core.tools.builtin;

import dev.jollama.core.files.FileWalk;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list_files}: the files of the workspace or of one of its folders, optionally those matching
 * a glob; hidden and git-ignored files are left out, and the count is bounded.
 */
public final class ListFiles extends BuiltinTool {

    public static final String NAME = "list_files";

    /** The most paths one call returns. */
    public static final int MAX_FILES = 1000;

    private final Workspace workspace;
    private final int maxFiles;

    public ListFiles(Workspace workspace) {
        this(workspace, MAX_FILES);
    }

    public ListFiles(Workspace workspace, int maxFiles) {
        super(
                NAME,
                "List the files in the workspace, one path per line, relative to the workspace root and in name"
                        + " order. Hidden files and files named by .gitignore are skipped. At most " + maxFiles
                        + " paths are returned.",
                Schema.object()
                        .optional(
                                "path",
                                "string",
                                "A folder to list, relative to the workspace root. Default: the root.")
                        .optional(
                                "glob",
                                "string",
                                "Only files matching this glob, e.g. src/**/*.java, matched against the path from the"
                                        + " workspace root; a glob without '/' (e.g. *.md) matches file names at any"
                                        + " depth. Supports *, **, ?, [abc] and {a,b}.")
                        .build());
        this.workspace = workspace;
        this.maxFiles = maxFiles;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) {
        String path = arguments.optionalString("path");
        String glob = arguments.optionalString("glob");
        workspace.resolve(path == null ? "." : path);
        FileFilter.of(glob);
        return plain((path == null ? "." : path) + (glob == null ? "" : " " + glob), arguments);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        String path = arguments.optionalString("path");
        FileFilter filter = FileFilter.of(arguments.optionalString("glob"));
        Path start = workspace.resolve(path != null ? path : filter != null ? filter.start() : ".");
        if (Files.isRegularFile(start, LinkOption.NOFOLLOW_LINKS)) {
            return ToolResult.ok(workspace.show(start));
        }
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            if (path == null) {
                return ToolResult.ok("no files match " + filter);
            }
            throw new ToolFailure("no such folder: " + workspace.show(start));
        }
        List<String> found = new ArrayList<>();
        boolean complete = new FileWalk(workspace.root(), cancellation).walk(start, (real, shown) -> {
            if (filter == null || filter.matches(shown)) {
                found.add(shown);
            }
            return found.size() <= maxFiles;
        });
        if (cancellation.isCancelled()) {
            return ToolResult.error("cancelled");
        }
        if (found.isEmpty()) {
            return ToolResult.ok("no files" + (filter == null ? "" : " match " + filter) + " in "
                    + workspace.show(start) + " (hidden and git-ignored files are not listed)");
        }
        StringBuilder text = new StringBuilder();
        for (String shown : found.subList(0, Math.min(maxFiles, found.size()))) {
            text.append(shown).append('\n');
        }
        if (!complete) {
            TextFiles.appendNote(
                    text,
                    "more than " + maxFiles + " files: only the first " + maxFiles + " are shown; narrow the"
                            + " path or the glob");
        }
        return ToolResult.ok(text.toString());
    }
}
