package dev.jollama.core.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What every built-in shares: its spec, and the rule that bad arguments or a refused path become an
 * error result (or a preview saying so), never an exception.
 */
abstract class BuiltinTool implements Tool {

    private final ToolSpec spec;

    BuiltinTool(String name, String description, JsonNode parameters) {
        this.spec = new ToolSpec(name, description, parameters);
    }

    @Override
    public final String name() {
        return spec.name();
    }

    @Override
    public final ToolSpec spec() {
        return spec;
    }

    @Override
    public final ToolPreview preview(JsonNode arguments) {
        try {
            return previewOf(new Arguments(arguments));
        } catch (ToolFailure | IOException | UncheckedIOException e) {
            // The call would fail the same way: say so before the user is asked. The key is the bare
            // name, which no valid call of a keyed tool (shell:COMMAND) shares.
            return new ToolPreview(
                    name() + " (will fail: " + Arguments.oneLine(message(e), 400) + ")",
                    Arguments.pretty(arguments),
                    name());
        }
    }

    @Override
    public final ToolResult call(JsonNode arguments, Cancellation cancellation) {
        try {
            return run(new Arguments(arguments), cancellation);
        } catch (ToolFailure | IOException | UncheckedIOException e) {
            return ToolResult.error(message(e));
        }
    }

    /** The preview of valid-looking arguments; throwing a {@link ToolFailure} says the call will fail. */
    abstract ToolPreview previewOf(Arguments arguments) throws IOException;

    abstract ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException;

    /** The default preview: one line naming the tool and its gist, and the arguments pretty-printed. */
    final ToolPreview plain(String gist, Arguments arguments) {
        return new ToolPreview(name() + " " + Arguments.oneLine(gist, 160), Arguments.pretty(arguments.raw()), name());
    }

    private static String message(Exception e) {
        if (e instanceof ToolFailure) {
            return e.getMessage();
        }
        return describe(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
    }

    /** An I/O failure in words: the JDK's messages are often just the path. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof NotDirectoryException n) {
            return "not a directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
