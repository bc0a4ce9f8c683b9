package dev.jollama.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.Cancellation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** -T patterns: built-ins by name or glob, MCP tools only when a pattern can name them. */
class ToolSetTest {

    private final AtomicInteger serversStarted = new AtomicInteger();

    private static Tool tool(String name) {
        return new Tool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ToolSpec spec() {
                return new ToolSpec(name, "", null);
            }

            @Override
            public ToolPreview preview(JsonNode arguments) {
                return new ToolPreview(name, "", name);
            }

            @Override
            public ToolResult call(JsonNode arguments, Cancellation cancellation) {
                return ToolResult.ok("");
            }
        };
    }

    private ToolSet.Source source(Set<String> servers) {
        return new ToolSet.Source() {
            @Override
            public Map<String, Tool> builtins() {
                Map<String, Tool> m = new LinkedHashMap<>();
                for (String n : List.of("read_file", "write_file", "shell")) {
                    m.put(n, tool(n));
                }
                return m;
            }

            @Override
            public Set<String> mcpServers() {
                return servers;
            }

            @Override
            public Map<String, Tool> mcpTools() {
                serversStarted.incrementAndGet();
                return Map.of("fs__read_text_file", tool("fs__read_text_file"), "fs__list", tool("fs__list"));
            }
        };
    }

    @Test
    void aBuiltInsNameStartsNoServer() {
        ToolSet set = ToolSet.enable(List.of("read_file"), source(Set.of("fs")));
        assertThat(set.enabled()).extracting(Tool::name).containsExactly("read_file");
        assertThat(serversStarted).hasValue(0);
    }

    @Test
    void globsAndMcpNameServerTools() {
        assertThat(ToolSet.enable(List.of("write_*"), source(Set.of("fs"))).enabled())
                .extracting(Tool::name)
                .containsExactly("write_file");
        assertThat(serversStarted).as("write_* cannot name fs__…").hasValue(0);
        // A leading * can name a server's tool too: the servers are asked.
        assertThat(ToolSet.enable(List.of("*_file"), source(Set.of("fs"))).enabled())
                .extracting(Tool::name)
                .containsExactly("read_file", "write_file", "fs__read_text_file");
        assertThat(serversStarted).hasValue(1);
        assertThat(ToolSet.enable(List.of("fs__*"), source(Set.of("fs"))).enabled())
                .extracting(Tool::name)
                .containsExactlyInAnyOrder("fs__read_text_file", "fs__list");
        assertThat(ToolSet.enable(List.of("mcp"), source(Set.of("fs"))).enabled())
                .hasSize(2);
    }

    @Test
    void aPatternThatNamesNothingIsAUsageErrorListingWhatThereIs() {
        assertThatThrownBy(() -> ToolSet.enable(List.of("rm_rf"), source(Set.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("-T rm_rf names no tool: the built-in ones are read_file, write_file, shell");
        assertThatThrownBy(() -> ToolSet.enable(List.of("mcp"), source(Set.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no MCP servers are configured");
    }

    @Test
    void aPatternForAServerThatIsNotConfiguredStartsNoServer() {
        assertThatThrownBy(() -> ToolSet.enable(List.of("web__*"), source(Set.of("fs"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("-T web__* names no tool");
        assertThat(serversStarted).hasValue(0);
    }

    @Test
    void aToolTurnedOffIsNotOffered() {
        ToolSet set = ToolSet.enable(List.of("read_file", "shell"), source(Set.of()));
        assertThat(set.turn("shell", false)).isTrue();
        assertThat(set.specs()).extracting(ToolSpec::name).containsExactly("read_file");
        assertThat(set.get("shell")).isNull();
        assertThat(set.turn("nosuch", false)).isFalse();
    }
}
