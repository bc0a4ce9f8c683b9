package dev.jollama.core.storage;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads the files jollama keeps for itself (the config, saved chats, the chat history, the pid file of
 * {@code serve}, an MCP config) so that a wrong one cannot hang or exhaust it: only a regular file is
 * read (a FIFO would block for ever, {@code /dev/zero} would never end), and at most its kind's limit.
 * Either refusal is exit 4 with one line naming the file and the rule. A link to a regular file is
 * fine: dotfiles are often links.
 */
public final class OwnFiles {

    /** What a file of jollama's is, and the most of it jollama reads. */
    public enum Kind {
        CONFIG("config", 1L << 20),
        MCP_CONFIG("MCP config", 1L << 20),
        SESSION("saved chat", 128L << 20),
        HISTORY("chat history", 64L << 20),
        PID_FILE("pid file", 64L << 10);

        private final String what;
        private final long limit;

        Kind(String what, long limit) {
            this.what = what;
            this.limit = limit;
        }

        public String what() {
            return what;
        }

        /** The most bytes jollama reads of a file of this kind. */
        public long limit() {
            return limit;
        }
    }

    private OwnFiles() {}

    /**
     * The bytes of {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file (the caller knows what that means)
     * @throws InvalidConfigException when it is not a regular file or larger than the kind's limit
     */
    public static byte[] read(Path file, Kind kind) throws IOException {
        BasicFileAttributes attributes = check(file, kind);
        int limit = (int) kind.limit();
        // The size seen a moment ago is only a hint: the file may grow, or be swapped, while it is read.
        byte[] bytes = new byte[(int) Math.min(attributes.size() + 1, limit + 1L)];
        int length = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                if (length == bytes.length) {
                    if (length > limit) {
                        throw tooLarge(file, kind);
                    }
                    bytes = Arrays.copyOf(bytes, (int) Math.min(limit + 1L, Math.max(8192, 2L * length)));
                }
                int n = channel.read(ByteBuffer.wrap(bytes, length, bytes.length - length));
                if (n < 0) {
                    break;
                }
                length += n;
            }
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /**
     * Checks a file that something else reads (JLine reads the history): when it exists, it must be a
     * regular file within the kind's limit.
     */
    public static void checkIfPresent(Path file, Kind kind) throws IOException {
        if (Files.exists(file) || Files.isSymbolicLink(file)) {
            check(file, kind);
        }
    }

    private static BasicFileAttributes check(Path file, Kind kind) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new InvalidConfigException(kind.what() + " " + file + " is " + type(file, attributes)
                    + ", not a regular file: jollama reads its " + kind.what() + " only from a regular file");
        }
        if (attributes.size() > kind.limit()) {
            throw tooLarge(file, kind);
        }
        return attributes;
    }

    private static InvalidConfigException tooLarge(Path file, Kind kind) {
        return new InvalidConfigException(kind.what() + " " + file + " is larger than " + ByteSize.human(kind.limit())
                + ", the most jollama reads of a " + kind.what());
    }

    private static String type(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "something else";
            };
        } catch (IOException | RuntimeException notUnix) {
            return "a device, a pipe or a socket";
        }
    }
}
