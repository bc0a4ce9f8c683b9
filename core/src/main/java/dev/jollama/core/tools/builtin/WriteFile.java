package dev.jollama.core.tools.builtin;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code write_file}: creates a file of the workspace or replaces it, atomically. The preview is the
 * unified diff of the old text to the new.
 */
public final class WriteFile extends BuiltinTool {

    public static final String NAME = "write_file";

    /** The longest diff a preview shows. */
    static final int MAX_DIFF = 200_000;

    /** A file larger than this is not diffed: the preview says it is replaced. */
    static final long MAX_DIFFED = 8L * 1024 * 1024;

    private final Workspace workspace;

    public WriteFile(Workspace workspace) {
        super(
                NAME,
                "Create a file in the workspace, or replace the whole of an existing one, with the given text"
                        + " (UTF-8). Missing folders are created. To change part of a file, use edit_file.",
                Schema.object()
                        .required("path", "string", "The file, relative to the workspace root.")
                        .required("content", "string", "The complete new text of the file.")
                        .build());
        this.workspace = workspace;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) throws IOException {
        String path = arguments.string("path");
        String content = arguments.string("content");
        Path target = workspace.resolveForWrite(path);
        String shown = workspace.show(target);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            UnifiedDiff.Diff diff = UnifiedDiff.of(shown, null, content, MAX_DIFF);
            return new ToolPreview(NAME + " " + shown + " (new file, +" + diff.added() + ")", diff.text(), NAME);
        }
        String old;
        try {
            old = TextFiles.readForEdit(workspace, target, MAX_DIFFED);
        } catch (ToolFailure e) {
            // Not a text we can diff (binary, huge, not UTF-8): say what is replaced, and by what.
            int lines = UnifiedDiff.lines(content).length;
            return new ToolPreview(
                    NAME + " " + shown + " (replaces " + ByteSize.human(Files.size(target)) + ", +" + lines + ")",
                    "The current " + shown + " cannot be shown as a diff (" + e.getMessage() + ").\nIt will be"
                            + " replaced by " + lines(lines) + " of text ("
                            + ByteSize.human(content.getBytes(StandardCharsets.UTF_8).length) + ").\n",
                    NAME);
        }
        UnifiedDiff.Diff diff = UnifiedDiff.of(shown, old, content, MAX_DIFF);
        if (diff.unchanged()) {
            return new ToolPreview(NAME + " " + shown + " (no change)", shown + " already has this text\n", NAME);
        }
        return new ToolPreview(
                NAME + " " + shown + " (+" + diff.added() + " -" + diff.removed() + ")", diff.text(), NAME);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        String path = arguments.string("path");
        String content = arguments.string("content");
        if (cancellation.isCancelled()) {
            return ToolResult.error("cancelled: " + Arguments.shown(path) + " was not written");
        }
        Path target = workspace.resolveForWrite(path);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (existed) {
            TextFiles.requireFile(workspace, target);
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        workspace.replace(path, bytes);
        return ToolResult.ok((existed ? "replaced " : "created ") + workspace.show(target) + " ("
                + lines(UnifiedDiff.lines(content).length) + ", " + ByteSize.human(bytes.length) + ")");
    }

    private static String lines(int n) {
        return n == 1 ? "1 line" : n + " lines";
    }
}
