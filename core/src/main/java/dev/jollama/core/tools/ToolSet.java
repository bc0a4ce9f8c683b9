package dev.jollama.core.tools;

import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools a command offers the model, from {@code -T NAME} (repeatable; a built-in's name, a glob
 * such as {@code fs__*}, or {@code mcp} for every configured MCP server's tools) and a profile's
 * {@code "tools"}. None is on unless asked. MCP servers are asked for their tools only when a
 * pattern can name one of theirs, so {@code -T read_file} starts no server.
 */
public final class ToolSet {

    /** Where tools come from. */
    public interface Source {

        /** The built-in tools, by name. */
        Map<String, Tool> builtins();

        /** The configured MCP servers' names; cheap (no server is started). */
        Set<String> mcpServers();

        /** Every tool of every configured MCP server, by {@code SERVER__TOOL}; starts the servers. */
        Map<String, Tool> mcpTools();
    }

    public static final String EVERY_MCP_TOOL = "mcp";

    private final Map<String, Tool> tools;
    private final Set<String> off = new LinkedHashSet<>();

    private ToolSet(Map<String, Tool> tools) {
        this.tools = tools;
    }

    public static ToolSet none() {
        return new ToolSet(new LinkedHashMap<>());
    }

    /**
     * @throws InvalidInputException for a pattern that names no tool, naming what there is
     */
    public static ToolSet enable(List<String> patterns, Source source) {
        Map<String, Tool> out = new LinkedHashMap<>();
        Map<String, Tool> mcp = null;
        for (String pattern : patterns) {
            String p = pattern.strip();
            if (p.isEmpty()) {
                throw new InvalidInputException("-T wants a tool name, a glob such as fs__*, or mcp");
            }
            if (p.equals(EVERY_MCP_TOOL)) {
                if (source.mcpServers().isEmpty()) {
                    throw new InvalidInputException("-T mcp: no MCP servers are configured (\"mcpServers\" in the"
                            + " config file, or --mcp-config FILE)");
                }
                mcp = mcp != null ? mcp : source.mcpTools();
                out.putAll(mcp);
                continue;
            }
            Pattern glob = Glob.of(p);
            int before = out.size();
            source.builtins().forEach((name, tool) -> {
                if (glob.matcher(name).matches()) {
                    out.put(name, tool);
                }
            });
            if (mayNameMcp(p, source.mcpServers())) {
                mcp = mcp != null ? mcp : source.mcpTools();
                mcp.forEach((name, tool) -> {
                    if (glob.matcher(name).matches()) {
                        out.put(name, tool);
                    }
                });
            }
            if (out.size() == before && !matchesAny(glob, out)) {
                throw new InvalidInputException("-T " + p + " names no tool: the built-in ones are "
                        + String.join(", ", source.builtins().keySet())
                        + (source.mcpServers().isEmpty()
                                ? ""
                                : "; MCP tools are SERVER__TOOL (`jollama mcp list` shows them)"));
            }
        }
        return new ToolSet(out);
    }

    private static boolean matchesAny(Pattern glob, Map<String, Tool> tools) {
        return tools.keySet().stream().anyMatch(n -> glob.matcher(n).matches());
    }

    /** Only a pattern that could match {@code SERVER__…} of a configured server starts servers. */
    private static boolean mayNameMcp(String pattern, Set<String> servers) {
        if (servers.isEmpty()) {
            return false;
        }
        int split = pattern.indexOf("__");
        if (split >= 0) {
            // fs__* names fs's tools only: a pattern for a server that is not configured starts none.
            Pattern server = Glob.of(pattern.substring(0, split));
            return servers.stream().anyMatch(s -> server.matcher(s).matches());
        }
        if (!Glob.isGlob(pattern)) {
            return false;
        }
        int wild = Math.min(
                pattern.indexOf('*') < 0 ? pattern.length() : pattern.indexOf('*'),
                pattern.indexOf('?') < 0 ? pattern.length() : pattern.indexOf('?'));
        String prefix = pattern.substring(0, wild);
        return servers.stream().anyMatch(s -> (s + "__").startsWith(prefix) || prefix.startsWith(s + "__"));
    }

    /** The tools offered now (those turned off with {@code /tools off NAME} left out), in order. */
    public List<Tool> enabled() {
        List<Tool> out = new ArrayList<>();
        tools.forEach((name, tool) -> {
            if (!off.contains(name)) {
                out.add(tool);
            }
        });
        return out;
    }

    /** Every tool this set holds, on or off. */
    public Map<String, Tool> all() {
        return Map.copyOf(tools);
    }

    public boolean isOn(String name) {
        return tools.containsKey(name) && !off.contains(name);
    }

    /** {@code /tools on|off NAME}; false when the set holds no such tool. */
    public boolean turn(String name, boolean on) {
        if (!tools.containsKey(name)) {
            return false;
        }
        if (on) {
            off.remove(name);
        } else {
            off.add(name);
        }
        return true;
    }

    /** Adds tools (a chat's {@code /tools add}); those already here stay. */
    public void add(ToolSet more) {
        more.tools.forEach(tools::putIfAbsent);
    }

    public boolean isEmpty() {
        return enabled().isEmpty();
    }

    /** What the model is offered, or null when no tool is on (the request then carries no tools). */
    public List<ToolSpec> specs() {
        List<ToolSpec> specs = enabled().stream().map(Tool::spec).toList();
        return specs.isEmpty() ? null : specs;
    }

    /** The tool the model called, if it is on. */
    public Tool get(String name) {
        return isOn(name) ? tools.get(name) : null;
    }
}
