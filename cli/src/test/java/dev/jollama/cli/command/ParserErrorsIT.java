package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text that is not JSON, told in our words with its place, never in the parser's. */
class ParserErrorsIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    @Test
    void aBrokenBatchLineIsAnErrorLineSayingWhatIsWrongAndWhere() throws Exception {
        Path in = Files.writeString(
                home.resolve("in.jsonl"),
                "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"\n{\"prompt\": b}\n{\"prompt\": \"c\",}\n");
        Result r = cli().run("batch", "llama3.2", in.toString(), "--ordered");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out().lines().skip(1))
                .containsExactly(
                        "{\"id\":2,\"error\":\"line 2 is not valid JSON (column 15): the text ends before a } closes"
                                + " the object\",\"exit_code\":2}",
                        "{\"id\":3,\"error\":\"line 3 is not valid JSON (column 13): 'b' is not a JSON value (text goes"
                                + " in double quotes; true, false and null are lower case)\",\"exit_code\":2}",
                        "{\"id\":4,\"error\":\"line 4 is not valid JSON (column 16): a , before the } has no field after"
                                + " it\",\"exit_code\":2}");
    }

    @Test
    void aBrokenConfigOrMcpConfigSaysWhatIsWrongAndWhere() throws Exception {
        Path config = new CliRunner(home).writeConfig("{\"markdown\": true, this}");
        Result list = cli().run("list");
        assertThat(list.exitCode()).isEqualTo(4);
        assertThat(list.err())
                .isEqualTo("jollama: config " + config + ":1:20: invalid JSON: a field name must be in double quotes"
                        + " (found t)\n");

        Files.delete(config);
        Path mcp = Files.writeString(home.resolve("mcp.json"), "{\"mcpServers\": {\n");
        Result servers = cli().run("mcp", "list", "--mcp-config", mcp.toString());
        assertThat(servers.exitCode()).isEqualTo(4);
        assertThat(servers.err())
                .isEqualTo("jollama: MCP config " + mcp + ":2:1: invalid JSON: the text ends before a } closes the"
                        + " object\n")
                .doesNotContain("StreamReadFeature");
    }
}
