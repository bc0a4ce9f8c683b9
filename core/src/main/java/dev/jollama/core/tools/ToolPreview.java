package dev.jollama.core.tools;

/**
 * What the user is shown before a call runs, and what an "always" approval covers.
 *
 * @param summary one line: the tool and its gist ({@code read_file notes.txt}, {@code shell: make test})
 * @param detail the arguments pretty-printed, a unified diff for a write, the exact command for a shell
 *     (may be several lines; never null)
 * @param alwaysKey what "always for this session" remembers: the tool's name, or for {@code shell} the
 *     exact command, so that approving {@code ls} once does not approve {@code rm -rf}
 */
public record ToolPreview(String summary, String detail, String alwaysKey) {}
