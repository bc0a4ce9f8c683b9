package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.files.Binary;
import dev.jollama.core.files.Credentials;
import dev.jollama.core.files.FileWalk;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files given as context ({@code run -f}, {@code /file}): a text file goes into the message fenced with
 * its path, an image (PNG, JPEG, WebP by its first bytes) to the request's images. A directory means
 * its files, recursively, as git shows them ({@link FileWalk}: no hidden ones, none its ignore rules
 * name, no link followed out of it); a glob its matches, walked the same way. Within a directory or a
 * glob, what cannot be sent is left out with a note: binary files and images of other kinds, private
 * keys and credential files ({@link Credentials}), links leading out. A file named alone is sent or
 * refused whole, before any request: a binary one, and a credential (say so by piping it to stdin
 * instead), are refused. All of it counts against the input limit.
 */
public final class Attachments {

    /** A directory or a glob brings at most this many files: a wrong argument must not read a disk. */
    public static final int MAX_FILES = 200;

    /** Notes name at most this many files, then how many more. */
    private static final int NAMED = 5;

    /** One file read: its path as given, whether it is an image, its size and (for text) tokens. */
    public record Item(String path, boolean image, long bytes, int tokens) {
        /** "notes.txt (~12 tokens)", "logo.png (image, 2.1 KiB)": what the user is told was attached. */
        public String summary() {
            return path + (image ? " (image, " + ByteSize.human(bytes) + ")" : " (~" + tokens + " tokens)");
        }
    }

    /**
     * The text to put before the prompt, the images, what was attached, and what was left out of a
     * directory or glob, one line each ("left out 2 binary files: a.pyc, logo.gif"), for stderr.
     */
    public record Read(String text, List<String> images, List<Item> items, List<String> notes) {
        public Read(String text, List<String> images, List<Item> items) {
            this(text, images, items, List.of());
        }

        /** Several reads as one, in order: what a message carries after several {@code /file}s. */
        public static Read join(List<Read> reads) {
            StringBuilder text = new StringBuilder();
            List<String> images = new ArrayList<>();
            List<Item> items = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Read r : reads) {
                text.append(r.text());
                images.addAll(r.images());
                items.addAll(r.items());
                notes.addAll(r.notes());
            }
            return new Read(text.toString(), List.copyOf(images), List.copyOf(items), List.copyOf(notes));
        }
    }

    /** A file to read: its real path, its path as shown, whether it was named alone. */
    private record Candidate(Path real, String shown, boolean named) {}

    private Attachments() {}

    public static Read read(List<String> arguments, Path cwd, long limit) {
        return Read.join(readEach(arguments, cwd, limit));
    }

    /**
     * What {@link #read} reads, one {@link Read} per file, in order: so that one file can be dropped
     * from what the next message carries ({@code /drop N}). The limit is on all of them together; what
     * was left out is noted on the first.
     */
    public static List<Read> readEach(List<String> arguments, Path cwd, long limit) {
        Map<Path, Candidate> files = new LinkedHashMap<>();
        Skipped skipped = new Skipped();
        for (String argument : arguments) {
            for (Candidate c : expand(argument, cwd, skipped)) {
                files.putIfAbsent(c.real(), c); // a link inside to a file inside is that file, once
            }
            if (files.size() > MAX_FILES) {
                throw new InvalidInputException("more than " + MAX_FILES + " files from " + argument
                        + ": name fewer, or a narrower glob or directory");
            }
        }
        List<Read> reads = new ArrayList<>();
        long total = 0;
        for (Candidate file : files.values()) {
            String name = file.shown();
            String credential = Credentials.kind(file.real().getFileName().toString(), null);
            if (credential != null && skip(file, skipped.credentials, credential)) {
                continue;
            }
            byte[] head = head(file);
            if (Images.isImage(head)) {
                byte[] bytes = readWhole(file, limit - total, limit);
                total += bytes.length;
                reads.add(new Read(
                        "",
                        List.of(Base64.getEncoder().encodeToString(bytes)),
                        List.of(new Item(name, true, bytes.length, 0))));
                continue;
            }
            if (Binary.looksBinary(head, head.length) && skip(file, skipped.binary, null)) {
                continue;
            }
            byte[] bytes = readWhole(file, limit - total, limit);
            credential = Credentials.kind(file.real().getFileName().toString(), bytes);
            if (credential != null && skip(file, skipped.credentials, credential)) {
                continue;
            }
            String content = textOf(bytes);
            if (content == null && skip(file, skipped.binary, null)) {
                continue;
            }
            total += bytes.length;
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
        if (reads.isEmpty() && !skipped.isEmpty()) {
            throw new InvalidInputException("nothing to attach: " + String.join("; ", skipped.notes()));
        }
        if (!reads.isEmpty() && !skipped.isEmpty()) {
            Read first = reads.get(0);
            reads.set(0, new Read(first.text(), first.images(), first.items(), skipped.notes()));
        }
        return List.copyOf(reads);
    }

    /**
     * Leaves a file of a directory or glob out, noting it; a file named alone is refused (a binary one
     * as not text, a credential as such): returns true when it was left out.
     */
    private static boolean skip(Candidate file, List<String> into, String credential) {
        if (!file.named()) {
            into.add(file.shown());
            return true;
        }
        if (credential != null) {
            throw new InvalidInputException(file.shown() + " looks like " + credential + ": jollama does not send keys"
                    + " or credentials from files, and nothing was sent; if you mean to send it, pipe it in:"
                    + " `jollama run MODEL < " + file.shown() + "`");
        }
        throw notText(file.shown());
    }

    /** The first bytes, enough to tell an image or a binary file. */
    private static byte[] head(Candidate file) {
        try (InputStream in = Files.newInputStream(file.real())) {
            return in.readNBytes(Binary.SNIFF);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file.shown() + ": " + e.getMessage());
        }
    }

    private static byte[] readWhole(Candidate file, long room, long limit) {
        try {
            if (Files.size(file.real()) > room) {
                throw tooMuch(file.shown(), limit);
            }
            byte[] bytes = Files.readAllBytes(file.real());
            if (bytes.length > room) {
                throw tooMuch(file.shown(), limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file.shown() + ": " + e.getMessage());
        }
    }

    private static List<Candidate> expand(String argument, Path cwd, Skipped skipped) {
        boolean glob = argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
        try {
            if (!glob) {
                Path p = cwd.resolve(argument);
                if (Files.isDirectory(p)) {
                    return walk(p.normalize(), cwd, null, skipped);
                }
                if (!Files.isRegularFile(p)) {
                    throw new InvalidInputException(
                            argument + ": " + (Files.exists(p) ? "not a file" : "no such file"));
                }
                // Named alone, it is what the user means, a link too; its real name decides what it is.
                return List.of(new Candidate(p.toRealPath(), shown(p, cwd), true));
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
            List<Candidate> found = Files.isDirectory(base) ? walk(base, cwd, matcher, skipped) : List.of();
            if (found.isEmpty()) {
                throw new InvalidInputException(argument + ": no file matches");
            }
            return found;
        } catch (InvalidPathException e) {
            throw new InvalidInputException("'" + argument + "' is not a path this system can open (" + e.getReason()
                    + "): if it has characters beyond ASCII, run jollama with a UTF-8 locale (LANG=C.UTF-8)");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + argument + ": " + e.getMessage());
        }
    }

    /** The files of {@code dir} (matching {@code matcher}, if any) as git shows them, links kept inside it. */
    private static List<Candidate> walk(Path dir, Path cwd, PathMatcher matcher, Skipped skipped) {
        List<Candidate> found = new ArrayList<>();
        try {
            Path root = dir.toRealPath();
            new FileWalk(root, new Cancellation()).walk(root, new FileWalk.Visitor() {
                @Override
                public boolean visit(Path real, String relative) {
                    Path lexical = dir.resolve(relative);
                    if (matcher == null || matcher.matches(lexical)) {
                        found.add(new Candidate(real, shown(lexical, cwd), false));
                    }
                    return found.size() <= MAX_FILES;
                }

                @Override
                public void leadsOut(String relative) {
                    Path lexical = dir.resolve(relative);
                    if (matcher == null || matcher.matches(lexical)) {
                        skipped.links.add(shown(lexical, cwd));
                    }
                }
            });
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage());
        }
        return found;
    }

    /** Strict UTF-8, or null. */
    private static String textOf(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static InvalidInputException notText(String name) {
        return new InvalidInputException(name + " is not a text file (binary, or not UTF-8) nor a PNG, JPEG or WebP"
                + " image: nothing was sent");
    }

    private static InvalidInputException tooMuch(String file, long limit) {
        return new InvalidInputException("the files reach past the " + ByteSize.human(limit) + " input limit at " + file
                + ": nothing was sent; attach less or raise --max-input");
    }

    private static String shown(Path file, Path cwd) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = cwd.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    /** What a directory or glob left out, by reason, for the notes. */
    private static final class Skipped {
        final List<String> binary = new ArrayList<>();
        final List<String> credentials = new ArrayList<>();
        final List<String> links = new ArrayList<>();

        boolean isEmpty() {
            return binary.isEmpty() && credentials.isEmpty() && links.isEmpty();
        }

        List<String> notes() {
            List<String> notes = new ArrayList<>();
            note(notes, credentials, "private key or credential file", "private keys and credentials are never sent");
            note(notes, binary, "binary file", "not text, nor a PNG, JPEG or WebP image");
            note(notes, links, "link", "it leads out of the folder");
            return List.copyOf(notes);
        }

        private static void note(List<String> notes, List<String> files, String what, String why) {
            if (files.isEmpty()) {
                return;
            }
            String names = String.join(", ", files.subList(0, Math.min(NAMED, files.size())))
                    + (files.size() > NAMED ? " and " + (files.size() - NAMED) + " more" : "");
            notes.add("left out " + (files.size() == 1 ? "1 " + what : files.size() + " " + what + "s") + " (" + why
                    + "): " + names);
        }
    }
}
