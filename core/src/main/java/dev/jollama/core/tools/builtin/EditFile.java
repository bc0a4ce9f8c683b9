package dev.jollama.core.tools.builtin;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code edit_file}: replaces an exact piece of a file's text with another, atomically. The piece must
 * occur once (or {@code replace_all} be set): an absent or ambiguous one changes nothing and says so.
 * The preview is the unified diff the edit makes.
 */
public final class EditFile extends BuiltinTool {

    public static final String NAME = "edit_file";

    /** The largest file edited: the whole text is held and rewritten. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Workspace workspace;

    public EditFile(Workspace workspace) {
        super(
                NAME,
                "Change a text file in the workspace by replacing an exact piece of its text. old_string must"
                        + " match the file exactly (whitespace and line ends included) and occur exactly once,"
                        + " unless replace_all is true; include enough surrounding lines to make it unique. Read"
                        + " the file first.",
                Schema.object()
                        .required("path", "string", "The file, relative to the workspace root.")
                        .required("old_string", "string", "The exact text to replace.")
                        .required("new_string", "string", "The text to put in its place.")
                        .optional(
                                "replace_all",
                                "boolean",
                                "Replace every occurrence of old_string instead of requiring one. Default: false.")
                        .build());
        this.workspace = workspace;
    }

    /** The file and its text before and after. */
    private record Edit(Path target, String shown, String before, String after, int replacements) {}

    @Override
    ToolPreview previewOf(Arguments arguments) throws IOException {
        Edit edit = edit(arguments);
        UnifiedDiff.Diff diff = UnifiedDiff.of(edit.shown, edit.before, edit.after, WriteFile.MAX_DIFF);
        return new ToolPreview(
                NAME + " " + edit.shown + " (+" + diff.added() + " -" + diff.removed() + ")", diff.text(), NAME);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        Edit edit = edit(arguments);
        if (cancellation.isCancelled()) {
            return ToolResult.error("cancelled: " + edit.shown + " was not changed");
        }
        workspace.replace(arguments.string("path"), edit.after.getBytes(StandardCharsets.UTF_8));
        UnifiedDiff.Diff diff = UnifiedDiff.of(edit.shown, edit.before, edit.after, 0);
        return ToolResult.ok("edited " + edit.shown + ": " + edit.replacements
                + (edit.replacements == 1 ? " replacement" : " replacements") + ", +" + diff.added() + " -"
                + diff.removed() + " lines");
    }

    private Edit edit(Arguments arguments) throws IOException {
        String path = arguments.string("path");
        String oldString = arguments.string("old_string");
        String newString = arguments.string("new_string");
        boolean all = arguments.optionalBoolean("replace_all", false);
        if (oldString.isEmpty()) {
            throw new ToolFailure("field 'old_string' is empty: give the exact text to replace (to write a whole"
                    + " file, use write_file)");
        }
        if (oldString.equals(newString)) {
            throw new ToolFailure("old_string and new_string are the same: nothing to change");
        }
        Path target = workspace.resolveForWrite(path);
        String shown = workspace.show(target);
        String before = TextFiles.readForEdit(workspace, target, MAX_BYTES);
        int first = before.indexOf(oldString);
        if (first < 0) {
            throw new ToolFailure("old_string was not found in " + shown + ": nothing was changed. It must match"
                    + " exactly, whitespace and line ends included; read the file to see its current text");
        }
        int count = 0;
        for (int at = first; at >= 0; at = before.indexOf(oldString, at + oldString.length())) {
            count++;
        }
        if (count > 1 && !all) {
            throw new ToolFailure("old_string occurs " + count + " times in " + shown + ": nothing was changed."
                    + " Include more of the surrounding text to make it unique, or set replace_all to true");
        }
        String after = all
                ? before.replace(oldString, newString)
                : before.substring(0, first) + newString + before.substring(first + oldString.length());
        return new Edit(target, shown, before, after, count);
    }
}
