package dev.jollama.core.files;

import dev.jollama.core.http.Cancellation;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files below a folder, depth first in name order, as git shows them: without hidden ones (a name
 * starting with '.') or what the work tree's ignore rules ({@link GitIgnore}) name. A link to a file
 * inside the root counts as that file; a link leading out of the root is passed over (and told to the
 * visitor), as are a link to a folder (which could loop) and anything that is not a file. The folder
 * walked from is taken as given, even if it is hidden or ignored: it was asked for by name. The one
 * walk behind the file tools ({@code list_files}, {@code grep}) and {@code run -f DIR} / {@code /file}.
 */
public final class FileWalk {

    /** Deeper than this is a loop or a generated tree: not descended. */
    private static final int MAX_DEPTH = 64;

    /** What the walk finds. */
    public interface Visitor {
        /**
         * One file: its real path, and its path from the root as shown, '/'-separated. Returns false to
         * stop the walk.
         */
        boolean visit(Path real, String shown) throws IOException;

        /** A link at {@code shown} that leads out of the root: not followed. */
        default void leadsOut(String shown) {}
    }

    private final Path root;
    private final Cancellation cancellation;
    private final Path top;

    /** {@code root}: a real path (links resolved), the boundary no link is followed across. */
    public FileWalk(Path root, Cancellation cancellation) {
        this.root = root;
        this.cancellation = cancellation;
        this.top = GitIgnore.top(root);
    }

    /** Walks {@code start}, a real folder inside the root; returns false if it was stopped. */
    public boolean walk(Path start, Visitor visitor) throws IOException {
        GitIgnore ignores = GitIgnore.excludes(top);
        Path dir = top;
        for (Path part : top.relativize(start)) {
            if (part.toString().isEmpty()) {
                break;
            }
            ignores = ignores.under(dir, fromTop(dir));
            dir = dir.resolve(part);
        }
        return walk(start, ignores, visitor, 0);
    }

    private boolean walk(Path dir, GitIgnore inherited, Visitor visitor, int depth) throws IOException {
        if (cancellation.isCancelled()) {
            return false;
        }
        GitIgnore ignores = inherited.under(dir, fromTop(dir));
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path child : entries) {
                if (!child.getFileName().toString().startsWith(".")) {
                    children.add(child);
                }
            }
        } catch (IOException e) {
            return true; // an unreadable folder is passed over, as find and git do
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path child : children) {
            String shown = shown(child);
            String ignorable = fromTop(child);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (depth < MAX_DEPTH
                        && !ignores.ignored(ignorable, true)
                        && !walk(child, ignores, visitor, depth + 1)) {
                    return false;
                }
            } else if (attributes.isRegularFile()) {
                if (!ignores.ignored(ignorable, false) && !visitor.visit(child, shown)) {
                    return false;
                }
            } else if (attributes.isSymbolicLink() && !ignores.ignored(ignorable, false)) {
                Path real;
                try {
                    real = child.toRealPath();
                } catch (IOException e) {
                    continue; // broken or looping
                }
                if (!real.startsWith(root)) {
                    visitor.leadsOut(shown);
                } else if (Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) && !visitor.visit(real, shown)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A path below the root as shown: relative, '/'-separated, "" for the root. */
    private String shown(Path p) {
        return slashed(root.relativize(p));
    }

    /** A path as the ignore rules see it: from the top of the work tree. */
    private String fromTop(Path p) {
        return slashed(top.relativize(p));
    }

    private String slashed(Path relative) {
        return relative.toString().replace(root.getFileSystem().getSeparator(), "/");
    }
}
