package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinToolsTest {

    @TempDir
    Path temp;

    Sandbox box;
    Map<String, Tool> tools;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tools = BuiltinTools.all(box.workspace);
    }

    @AfterEach
    void nothingOutsideWasTouched() {
        box.assertOutsideUntouched();
    }

    @Test
    void everyBuiltinIsOfferedByItsNameWithADescribedSchema() {
        assertThat(BuiltinTools.names())
                .containsExactly("read_file", "list_files", "grep", "write_file", "edit_file", "shell", "fetch_url");
        assertThat(tools.keySet()).containsExactlyElementsOf(BuiltinTools.names());
        Map<String, List<String>> required = Map.of(
                "read_file", List.of("path"),
                "list_files", List.of(),
                "grep", List.of("pattern"),
                "write_file", List.of("path", "content"),
                "edit_file", List.of("path", "old_string", "new_string"),
                "shell", List.of("command"),
                "fetch_url", List.of("url"));
        tools.forEach((name, tool) -> {
            assertThat(tool.name()).isEqualTo(name);
            assertThat(tool.spec().name()).isEqualTo(name);
            assertThat(tool.spec().description()).hasSizeGreaterThan(40);
            JsonNode schema = tool.spec().parameters();
            assertThat(schema.get("type").asText()).isEqualTo("object");
            List<String> names = new ArrayList<>();
            schema.get("required").forEach(n -> names.add(n.asText()));
            assertThat(names).as(name).containsExactlyElementsOf(required.get(name));
            schema.get("properties").fields().forEachRemaining(field -> assertThat(
                            field.getValue().get("description").asText())
                    .as(name + "." + field.getKey())
                    .isNotBlank());
            for (String field : names) {
                assertThat(schema.get("properties").has(field))
                        .as(name + " describes " + field)
                        .isTrue();
            }
        });
    }

    @Test
    void onlyTheNamedAreEnabledAndAnUnknownNameIsAUsageError() {
        assertThat(BuiltinTools.enabled(box.workspace, List.of("shell", "read_file"))
                        .keySet())
                .containsExactly("read_file", "shell");
        assertThat(BuiltinTools.enabled(box.workspace, List.of())).isEmpty();
        assertThatThrownBy(() -> BuiltinTools.enabled(box.workspace, List.of("read_files")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("there is no built-in tool 'read_files' (did you mean 'read_file'?): the built-ins are"
                        + " read_file, list_files, grep, write_file, edit_file, shell, fetch_url");
    }

    @Test
    void garbageArgumentsNeverThrowAndTheirErrorsAreShort() {
        String huge = "x".repeat(10_000_000);
        List<JsonNode> garbage = List.of(
                json("null"),
                json("[]"),
                json("\"path\""),
                json("42"),
                args(),
                args("path", null, "pattern", null, "command", null, "url", null),
                args("path", List.of(1), "pattern", Map.of("a", 1), "command", 3.5, "url", false, "content", 1),
                args("path", huge, "pattern", huge, "command", huge, "url", huge, "content", huge, "glob", huge),
                args(huge, huge));
        for (Tool tool : tools.values()) {
            for (JsonNode arguments : garbage) {
                ToolPreview preview = tool.preview(arguments);
                assertThat(preview.summary()).as(tool.name()).hasSizeLessThan(1000);
                assertThat(preview.alwaysKey()).isNotNull();
                assertThat(preview.detail()).isNotNull();
                ToolResult result = tool.call(arguments, new Cancellation());
                if (tool.name().equals("list_files") && arguments.isObject() && !arguments.hasNonNull("path")) {
                    continue; // list_files needs nothing: an object without (or with null) fields is a valid call
                }
                assertThat(result.error())
                        .as(tool.name() + " " + result.content())
                        .isTrue();
                assertThat(result.content()).as(tool.name()).hasSizeLessThan(1000);
            }
        }
    }

    @Test
    void everyErrorForAMissingFieldNamesIt() {
        tools.forEach((name, tool) -> {
            JsonNode required = tool.spec().parameters().get("required");
            if (!required.isEmpty()) {
                ToolResult result = tool.call(args(), new Cancellation());
                assertThat(result)
                        .isEqualTo(ToolResult.error(
                                "missing required field '" + required.get(0).asText() + "' (a string)"));
            }
        });
    }
}
