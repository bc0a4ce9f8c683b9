package dev.jollama.core.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of {@code "mcpServers"}, as Claude Desktop and Cursor users write it: a program to start
 * (stdio) or the address of a streamable HTTP endpoint. Values may hold {@code ${VAR}} (or {@code
 * ${VAR:-default}}), filled in from jollama's environment when the server starts. Holds no type of
 * the MCP SDK: the config is read without loading it.
 */
public sealed interface McpServerSpec {

    Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    /** Letters, digits, {@code -} and {@code _}: the name prefixes the tools' names ({@code NAME__TOOL}). */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    String name();

    /** Longest wait for the server to start, answer {@code initialize} and list its tools. */
    Duration startTimeout();

    /** Longest wait for one request's answer (a tool call). */
    Duration requestTimeout();

    /** This spec with every {@code ${VAR}} filled in from {@code environment}. */
    McpServerSpec expand(Map<String, String> environment);

    /**
     * A program jollama starts and speaks to over its stdin and stdout. Its environment is PATH and HOME
     * from jollama's, and {@code env}: nothing else of jollama's environment (API keys) leaks to it.
     */
    record Stdio(
            String name,
            String command,
            List<String> args,
            Map<String, String> env,
            Duration startTimeout,
            Duration requestTimeout)
            implements McpServerSpec {

        public Stdio {
            args = List.copyOf(args);
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }

        public static Stdio of(String name, String command, List<String> args, Map<String, String> env) {
            return new Stdio(name, command, args, env, DEFAULT_START_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        }

        @Override
        public Stdio expand(Map<String, String> environment) {
            List<String> expandedArgs = new ArrayList<>();
            for (String arg : args) {
                expandedArgs.add(Placeholders.expand(name, arg, environment));
            }
            return new Stdio(
                    name,
                    Placeholders.expand(name, command, environment),
                    expandedArgs,
                    Placeholders.expandValues(name, env, environment),
                    startTimeout,
                    requestTimeout);
        }

        public Stdio withTimeouts(Duration start, Duration request) {
            return new Stdio(name, command, args, env, start, request);
        }
    }

    /** A streamable HTTP endpoint; {@code headers} are sent with every request (an Authorization). */
    record Http(String name, String url, Map<String, String> headers, Duration startTimeout, Duration requestTimeout)
            implements McpServerSpec {

        public Http {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        public static Http of(String name, String url, Map<String, String> headers) {
            return new Http(name, url, headers, DEFAULT_START_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        }

        @Override
        public Http expand(Map<String, String> environment) {
            return new Http(
                    name,
                    Placeholders.expand(name, url, environment),
                    Placeholders.expandValues(name, headers, environment),
                    startTimeout,
                    requestTimeout);
        }

        public Http withTimeouts(Duration start, Duration request) {
            return new Http(name, url, headers, start, request);
        }
    }
}
