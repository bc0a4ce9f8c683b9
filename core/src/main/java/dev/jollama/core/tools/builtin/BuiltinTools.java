package dev.jollama.core.tools.builtin;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.NearestMatch;
import dev.jollama.core.tools.Tool;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools jollama brings itself. None is on by default: the caller enables them by name, and every
 * file tool is confined to one {@link Workspace}.
 */
public final class BuiltinTools {

    private static final List<String> NAMES =
            List.of(ReadFile.NAME, ListFiles.NAME, Grep.NAME, WriteFile.NAME, EditFile.NAME, Shell.NAME, FetchUrl.NAME);

    private BuiltinTools() {}

    /** Their names, in the order they are offered: reading before writing, the shell and the web last. */
    public static List<String> names() {
        return NAMES;
    }

    /** Every built-in with its default limits, by name, in {@link #names()} order. */
    public static Map<String, Tool> all(Workspace workspace) {
        return all(workspace, new Shell(workspace), new FetchUrl());
    }

    /** Every built-in, with the given shell and fetch_url (their limits set), by name. */
    public static Map<String, Tool> all(Workspace workspace, Shell shell, FetchUrl fetchUrl) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (Tool tool : List.of(
                new ReadFile(workspace),
                new ListFiles(workspace),
                new Grep(workspace),
                new WriteFile(workspace),
                new EditFile(workspace),
                shell,
                fetchUrl)) {
            tools.put(tool.name(), tool);
        }
        return java.util.Collections.unmodifiableMap(tools);
    }

    /**
     * The built-ins named, in {@link #names()} order.
     *
     * @throws InvalidInputException for a name that is not a built-in's, with the nearest one
     */
    public static Map<String, Tool> enabled(Workspace workspace, Collection<String> names) {
        for (String name : names) {
            if (!NAMES.contains(name)) {
                throw new InvalidInputException("there is no built-in tool '" + name + "'"
                        + NearestMatch.hint(name, NAMES) + ": the built-ins are " + String.join(", ", NAMES));
            }
        }
        Map<String, Tool> tools = new LinkedHashMap<>(all(workspace));
        tools.keySet().retainAll(names);
        return java.util.Collections.unmodifiableMap(tools);
    }
}
