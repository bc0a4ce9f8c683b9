package dev.jollama.core.tools.builtin;

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
 * The files below a folder of the workspace, depth first in name order, without hidden ones (a name
 * starting with '.') or what a {@code .gitignore} names. A link to a file inside the workspace counts
 * as that file; a link leading out, a link to a folder (which could loop) and anything that is not a
 * file are passed over. The folder walked from is taken as given, even if it is hidden or ignored:
 * the model asked for it by name.
 */
final class FileWalk {

    /** Deeper than this is a loop or a generated tree: not descended. */
    private static final int MAX_DEPTH = 64;

    /** One file: its real path, and its path as shown to the model. */
    interface Visitor {
        /** Returns false to stop the walk. */
        boolean visit(Path real, String shown) throws IOException;
    }

    private final Workspace workspace;
    private final Cancellation cancellation;

    FileWalk(Workspace workspace, Cancellation cancellation) {
        this.workspace = workspace;
        this.cancellation = cancellation;
    }

    /** Walks {@code start}, a real folder inside the workspace; returns false if it was stopped. */
    boolean walk(Path start, Visitor visitor) throws IOException {
        GitIgnore ignores = GitIgnore.NONE;
        Path root = workspace.root();
        Path dir = root;
        for (Path part : root.relativize(start)) {
            if (part.toString().isEmpty()) {
                break;
            }
            ignores = ignores.under(dir, shown(dir));
            dir = dir.resolve(part);
        }
        return walk(start, ignores, visitor, 0);
    }

    private boolean walk(Path dir, GitIgnore inherited, Visitor visitor, int depth) throws IOException {
        if (cancellation.isCancelled()) {
            return false;
        }
        String relative = shown(dir);
        GitIgnore ignores = inherited.under(dir, relative);
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
            String name = child.getFileName().toString();
            String shown = relative.isEmpty() ? name : relative + "/" + name;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (depth < MAX_DEPTH && !ignores.ignored(shown, true) && !walk(child, ignores, visitor, depth + 1)) {
                    return false;
                }
            } else if (attributes.isRegularFile()) {
                if (!ignores.ignored(shown, false) && !visitor.visit(child, shown)) {
                    return false;
                }
            } else if (attributes.isSymbolicLink() && !ignores.ignored(shown, false)) {
                Path real;
                try {
                    real = child.toRealPath();
                } catch (IOException e) {
                    continue; // broken or looping
                }
                if (real.startsWith(workspace.root())
                        && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
                        && !visitor.visit(real, shown)) {
                    return false;
                }
            }
        }
        return true;
    }

    private String shown(Path dir) {
        String s = workspace.show(dir);
        return s.equals(".") ? "" : s;
    }
}
