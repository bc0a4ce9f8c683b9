package dev.jollama.core.tools.builtin;

import dev.jollama.core.files.Binary;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Reading a workspace file as text: what counts as binary, and the checks before an open. */
final class TextFiles {

    private TextFiles() {}

    /** Fails unless {@code real} is a regular file, in words that say what to do instead. */
    static void requireFile(Workspace workspace, Path real) {
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure(workspace.show(real) + " is a directory: list it with list_files");
        }
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("no such file: " + workspace.show(real));
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure(workspace.show(real) + " is not a regular file (a device, pipe or socket)");
        }
    }

    /**
     * The whole of a text file that is to be changed, strictly UTF-8: replacing malformed bytes and
     * writing the file back would corrupt it, so such a file is refused.
     */
    static String readForEdit(Workspace workspace, Path real, long max) throws IOException {
        requireFile(workspace, real);
        byte[] bytes;
        try (InputStream in = workspace.open(real)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        String name = workspace.show(real);
        if (bytes.length > max) {
            throw new ToolFailure(name + " is larger than " + ByteSize.human(max) + ", too large to change here");
        }
        if (Binary.looksBinary(bytes, bytes.length)) {
            throw new ToolFailure(name + " is a binary file");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ToolFailure(name + " is not valid UTF-8, and writing it back would alter it");
        }
    }

    /** Appends a note for the model on a line of its own, in brackets: "[cut at 256 KiB: …]". */
    static void appendNote(StringBuilder text, String note) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append('[').append(note).append(']');
    }
}
