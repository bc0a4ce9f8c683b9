package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files given as context ({@code run -f}, {@code /file}): a text file goes into the message fenced with
 * its path, an image (PNG, JPEG, WebP by its first bytes) to the request's images. A directory means
 * its files, recursively, without hidden ones or what its {@code .gitignore} names; a glob its matches.
 * Anything else (binary, not UTF-8) is refused, naming the file, before any request; all of it counts
 * against the input limit.
 */
public final class Attachments {

    /** A directory or a glob brings at most this many files: a wrong argument must not read a disk. */
    public static final int MAX_FILES = 200;

    /** One file read: its path as given, whether it is an image, its size and (for text) tokens. */
    public record Item(String path, boolean image, long bytes, int tokens) {
        /** "notes.txt (~12 tokens)", "logo.png (image, 2.1 KiB)": what the user is told was attached. */
        public String summary() {
            return path + (image ? " (image, " + ByteSize.human(bytes) + ")" : " (~" + tokens + " tokens)");
        }
    }

    /** The text to put before the prompt, the images, and what was attached. */
    public record Read(String text, List<String> images, List<Item> items) {

        /** Several reads as one, in order: what a message carries after several {@code /file}s. */
        public static Read join(List<Read> reads) {
            StringBuilder text = new StringBuilder();
            List<String> images = new ArrayList<>();
            List<Item> items = new ArrayList<>();
            for (Read r : reads) {
                text.append(r.text());
                images.addAll(r.images());
                items.addAll(r.items());
            }
            return new Read(text.toString(), List.copyOf(images), List.copyOf(items));
        }
    }

    private Attachments() {}

    public static Read read(List<String> arguments, Path cwd, long limit) {
        return Read.join(readEach(arguments, cwd, limit));
    }

    /**
     * What {@link #read} reads, one {@link Read} per file, in order: so that one file can be dropped
     * from what the next message carries ({@code /drop N}). The limit is on all of them together.
     */
    public static List<Read> readEach(List<String> arguments, Path cwd, long limit) {
        Set<Path> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            files.addAll(expand(argument, cwd));
            if (files.size() > MAX_FILES) {
                throw new InvalidInputException("more than " + MAX_FILES + " files from " + argument
                        + ": name fewer, or a narrower glob or directory");
            }
        }
        List<Read> reads = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            byte[] bytes;
            try {
                if (Files.size(file) > limit - total) {
                    throw tooMuch(file, limit);
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + shown(file, cwd) + ": " + e.getMessage());
            }
            total += bytes.length;
            if (total > limit) {
                throw tooMuch(file, limit);
            }
            String name = shown(file, cwd);
            if (Images.isImage(java.util.Arrays.copyOf(bytes, Math.min(12, bytes.length)))) {
                reads.add(new Read(
                        "",
                        List.of(Base64.getEncoder().encodeToString(bytes)),
                        List.of(new Item(name, true, bytes.length, 0))));
                continue;
            }
            String content = textOf(bytes, name);
            String fence = content.contains("```") ? "````" : "```";
            StringBuilder text = new StringBuilder();
            text.append(fence).append(name).append('\n').append(content);
            if (!content.endsWith("\n")) {
                text.append('\n');
            }
            text.append(fence).append("\n\n");
            reads.add(new Read(
                    text.toString(),
                    List.of(),
                    List.of(new Item(name, false, bytes.length, ContextWindow.estimateTokens(content)))));
        }
        return List.copyOf(reads);
    }

    private static List<Path> expand(String argument, Path cwd) {
        boolean glob = argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
        if (!glob) {
            Path p = cwd.resolve(argument);
            if (Files.isDirectory(p)) {
                return walk(p, null);
            }
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException(argument + ": " + (Files.exists(p) ? "not a file" : "no such file"));
            }
            return List.of(p);
        }
        // The part before the first wildcard is where to look.
        int firstWild = argument.length();
        for (int i = 0; i < argument.length(); i++) {
            if ("*?[{".indexOf(argument.charAt(i)) >= 0) {
                firstWild = i;
                break;
            }
        }
        int slash = argument.lastIndexOf('/', firstWild);
        Path base = cwd.resolve(slash < 0 ? "." : argument.substring(0, Math.max(1, slash)))
                .normalize();
        PathMatcher matcher = FileSystems.getDefault()
                .getPathMatcher("glob:" + cwd.resolve(argument).normalize());
        List<Path> found = walk(base, matcher);
        if (found.isEmpty()) {
            throw new InvalidInputException(argument + ": no file matches");
        }
        return found;
    }

    private static List<Path> walk(Path dir, PathMatcher matcher) {
        List<String> ignored = gitignore(dir);
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir, p))
                    .filter(p -> !ignoredBy(ignored, dir, p))
                    .filter(p -> matcher == null || matcher.matches(p.normalize()))
                    .sorted()
                    .limit(MAX_FILES + 1L)
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The simple lines of a .gitignore: names and globs, matched against each part of the path. */
    private static List<String> gitignore(Path dir) {
        Path file = dir.resolve(".gitignore");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
                    .map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l)
                    .map(l -> l.startsWith("/") ? l.substring(1) : l)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean ignoredBy(List<String> patterns, Path root, Path p) {
        if (patterns.isEmpty()) {
            return false;
        }
        Path relative = root.relativize(p);
        for (String pattern : patterns) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (m.matches(relative)) {
                return true;
            }
            for (Path part : relative) {
                if (m.matches(part)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String textOf(byte[] bytes, String name) {
        for (byte b : bytes) {
            if (b == 0) {
                throw notText(name);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notText(name);
        }
    }

    private static InvalidInputException notText(String name) {
        return new InvalidInputException(name + " is not a text file (binary, or not UTF-8) nor a PNG, JPEG or WebP"
                + " image: nothing was sent");
    }

    private static InvalidInputException tooMuch(Path file, long limit) {
        return new InvalidInputException("the files reach past the " + ByteSize.human(limit) + " input limit at " + file
                + ": nothing was sent; attach less or raise --max-input");
    }

    private static String shown(Path file, Path cwd) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = cwd.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }
}
