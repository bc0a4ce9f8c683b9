package dev.jollama.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * The client that the official MCP conformance suite ({@code @modelcontextprotocol/conformance client
 * --command …}) runs once per scenario, with the scenario's server URL as its last argument: jollama's
 * {@link McpServers} connects over streamable HTTP, lists the tools and calls each with arguments made
 * from its schema, as a model would. bench/mcp-conformance.sh runs it; docs/tools.md has the results.
 */
public final class ConformanceClient {

    private ConformanceClient() {}

    public static void main(String[] args) {
        String url = args[args.length - 1];
        ObjectMapper json = new ObjectMapper();
        int status = 0;
        try (McpServers servers = new McpServers(
                Map.of("conformance", McpServerSpec.Http.of("conformance", url, Map.of())), System.getenv())) {
            List<Tool> tools = servers.tools();
            System.out.println("tools: " + tools.stream().map(Tool::name).toList());
            for (Tool tool : tools) {
                JsonNode arguments = arguments(json, tool.spec().parameters());
                ToolResult result = tool.call(arguments, new Cancellation());
                System.out.println(tool.name() + " " + arguments + " -> " + result);
                if (result.error()) {
                    status = 1;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("jollama: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** A value for each required property, by its type; the optional ones left out. */
    private static JsonNode arguments(ObjectMapper json, JsonNode schema) {
        ObjectNode out = json.createObjectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            switch (properties.path(name).path("type").asText("string")) {
                case "number", "integer" ->
                    out.put(name, properties.path(name).path("default").asInt(1));
                case "boolean" -> out.put(name, true);
                case "object" -> out.putObject(name);
                case "array" -> out.putArray(name);
                default -> out.put(name, "test");
            }
        }
        return out;
    }
}
