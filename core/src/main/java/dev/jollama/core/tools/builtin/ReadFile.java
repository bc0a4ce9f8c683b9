package dev.jollama.core.tools.builtin;

import dev.jollama.core.files.Binary;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code read_file}: a text file of the workspace, whole or a range of its lines, up to a size cap.
 * Malformed UTF-8 is shown as U+FFFD; a binary file is refused.
 */
public final class ReadFile extends BuiltinTool {

    public static final String NAME = "read_file";

    /** The most text one call returns; beyond it the model is told where to read on. */
    public static final int MAX_BYTES = 256 * 1024;

    private final Workspace workspace;
    private final int maxBytes;

    public ReadFile(Workspace workspace) {
        this(workspace, MAX_BYTES);
    }

    public ReadFile(Workspace workspace, int maxBytes) {
        super(
                NAME,
                "Read a UTF-8 text file in the workspace. Returns its text, or the lines from start_line to"
                        + " end_line (1-based, inclusive). At most " + ByteSize.human(maxBytes)
                        + " is returned; a longer file is cut with a note saying where to read on. Binary"
                        + " files are refused.",
                Schema.object()
                        .required("path", "string", "The file, relative to the workspace root.")
                        .optional("start_line", "integer", "The first line to read (1-based). Default: 1.")
                        .optional("end_line", "integer", "The last line to read (inclusive). Default: the end.")
                        .build());
        this.workspace = workspace;
        this.maxBytes = maxBytes;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) {
        String path = arguments.string("path");
        Integer start = arguments.optionalInt("start_line", 1);
        Integer end = arguments.optionalInt("end_line", 1);
        workspace.resolve(path);
        String range = start == null && end == null
                ? ""
                : " lines " + (start == null ? 1 : start) + "–" + (end == null ? "end" : end);
        return plain(path + range, arguments);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        String path = arguments.string("path");
        Integer startArg = arguments.optionalInt("start_line", 1);
        Integer endArg = arguments.optionalInt("end_line", 1);
        int start = startArg == null ? 1 : startArg;
        int end = endArg == null ? Integer.MAX_VALUE : endArg;
        if (end < start) {
            throw new ToolFailure("end_line " + end + " is before start_line " + start);
        }
        Path real = workspace.resolve(path);
        TextFiles.requireFile(workspace, real);
        String name = workspace.show(real);
        try (InputStream in = workspace.open(real)) {
            return slice(in, name, start, end, cancellation);
        }
    }

    private ToolResult slice(InputStream in, String name, int start, int end, Cancellation cancellation)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long line = 1;
        boolean first = true;
        boolean cut = false;
        boolean endsWithNewline = true; // an empty file has no lines
        int n;
        read:
        while ((n = in.read(buffer)) > 0) {
            if (first && Binary.looksBinary(buffer, n)) {
                throw new ToolFailure(name + " is a binary file: not read");
            }
            first = false;
            if (cancellation.isCancelled()) {
                return ToolResult.error("cancelled");
            }
            int from = -1;
            for (int i = 0; i < n; i++) {
                if (line >= start) {
                    if (from < 0) {
                        from = i;
                    }
                    if (out.size() + (i + 1 - from) > maxBytes) {
                        out.write(buffer, from, i - from);
                        cut = true;
                        break read;
                    }
                }
                if (buffer[i] == '\n') {
                    line++;
                    if (line > end) {
                        out.write(buffer, from, i + 1 - from);
                        break read;
                    }
                }
            }
            if (from >= 0) {
                out.write(buffer, from, n - from);
            }
            endsWithNewline = buffer[n - 1] == '\n';
        }
        long lines = endsWithNewline ? line - 1 : line;
        if (!cut && start > 1 && start > lines) {
            throw new ToolFailure(
                    "start_line " + start + " is past the end of " + name + ", which has " + lines + " lines");
        }
        byte[] bytes = out.toByteArray();
        StringBuilder text = new StringBuilder();
        if (cut) {
            // Cut at the last whole line if there is one, so the model can read on from the next.
            int lastNewline = lastIndexOf(bytes, (byte) '\n');
            int keep = lastNewline >= 0 ? lastNewline + 1 : utf8Boundary(bytes, bytes.length);
            long shownTo = start - 1 + count(bytes, keep, (byte) '\n');
            text.append(new String(bytes, 0, keep, StandardCharsets.UTF_8));
            TextFiles.appendNote(
                    text,
                    lastNewline >= 0
                            ? "cut at " + ByteSize.human(maxBytes) + ": lines " + start + "–" + shownTo
                                    + " shown; read on with start_line=" + (shownTo + 1)
                            : "cut at " + ByteSize.human(maxBytes) + " within line " + start
                                    + ", which is longer than that");
        } else {
            text.append(new String(bytes, StandardCharsets.UTF_8));
            if (bytes.length == 0) {
                TextFiles.appendNote(text, lines == 0 ? name + " is empty" : "no lines in that range");
            }
        }
        return ToolResult.ok(text.toString());
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long count(byte[] bytes, int length, byte b) {
        long c = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                c++;
            }
        }
        return c;
    }

    /** The largest length at most {@code length} that does not split a UTF-8 sequence. */
    static int utf8Boundary(byte[] bytes, int length) {
        int lead = length - 1;
        while (lead > 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[lead] & 0xFF;
        int need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + need <= length ? length : lead;
    }
}
