package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama sessions`: a bounded, aligned listing, bulk removal that asks, a transcript fit to read. */
class SessionsIT {

    @TempDir
    Path home;

    private dev.jollama.cli.SavedChatsIn saved() {
        return dev.jollama.cli.SavedChatsIn.home(home);
    }

    private CliRunner cli() {
        return new CliRunner(home);
    }

    /** A saved chat last used at {@code updated}, with two messages. */
    private String session(String name, String updated, String answer) throws IOException {
        saved().put(
                        name,
                        """
                {"name":"%s","model":"llama3.2","created":"%s","updated":"%s",
                 "messages":[{"role":"user","content":"hello","at":"%s"},
                             {"role":"assistant","content":%s,"at":"%s"}]}
                """
                                .formatted(
                                        name,
                                        updated,
                                        updated,
                                        updated,
                                        new ObjectMapper().writeValueAsString(answer),
                                        updated));
        return name;
    }

    @Test
    void theListingIsTheTwentyMostRecentAlignedAndSaysHowManyMore() throws IOException {
        for (int i = 1; i <= 23; i++) {
            String name = i % 2 == 0 ? "chat-" + i : "a-much-longer-name-" + i;
            session(name, "2025-05-%02dT10:00:00Z".formatted(i % 28 + 1), "hi");
        }
        Result r = cli().run("sessions");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(21);
        // newest first: the 23rd was used on the 24th
        assertThat(lines.get(1)).startsWith("a-much-longer-name-23 ");
        assertThat(lines.get(2)).startsWith("chat-22 ");
        int model = lines.get(0).indexOf("MODEL");
        int messages = lines.get(0).indexOf("MESSAGES");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.indexOf("llama3.2")).as(line).isEqualTo(model);
            assertThat(line.charAt(messages)).as(line).isEqualTo('2');
        }
        assertThat(r.err()).isEqualTo("3 more: --all\n");

        Result all = cli().run("sessions", "--all");
        assertThat(all.out().lines()).hasSize(24);
        assertThat(all.err()).isEmpty();
    }

    @Test
    void jsonSaysMessagesAsTheTableDoesBesideTurns() throws IOException {
        session("work", "2025-05-11T15:05:48Z", "hi there");
        JsonNode listed =
                new ObjectMapper().readTree(cli().run("sessions", "--json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("messages").asInt()).isEqualTo(2);
        assertThat(listed.get(0).path("turns").asInt()).isEqualTo(2);
    }

    @Test
    void rmOlderThanDeletesOnlyTheOldOnesAndWithoutATerminalOnlyWithYes() throws IOException {
        session("old", CliRunner.now().minus(Duration.ofDays(71)).toString(), "hi");
        session("recent", CliRunner.now().minus(Duration.ofHours(29)).toString(), "hi");

        Result refused = cli().run("sessions", "rm", "--older-than", "30d");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .isEqualTo("jollama: this deletes 1 saved chat (the saved chats last used more than 30d ago): add"
                        + " --yes to do it without a terminal to ask on\n");
        assertThat(saved().names()).containsExactly("recent", "old");

        Result done = cli().run("sessions", "rm", "--older-than", "30d", "--yes");
        assertThat(done.exitCode()).isZero();
        assertThat(done.err()).isEqualTo("deleted 1 saved chat from " + saved().database() + "\n");
        assertThat(saved().names()).containsExactly("recent");

        Result bad = cli().run("sessions", "rm", "--older-than", "a while");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err())
                .isEqualTo(
                        "jollama: --older-than wants an age (30m, 2h, 7d, 2w) or a date (2026-11-01, 2026-11-01T14:30), not 'a while'\n");
    }

    @Test
    void rmAllAsksOnATerminalAndANoKeepsEverything() throws IOException {
        session("a", "2025-03-01T10:00:00Z", "hi");
        session("b", "2025-05-10T10:00:00Z", "hi");

        Result no = cli().stdinTerminal().terminal().stdin("n\n").run("sessions", "rm", "--all");
        assertThat(no.exitCode()).isZero();
        assertThat(no.err()).contains("Delete 2 saved chats (b, a)?").contains("nothing deleted");
        assertThat(saved().names()).containsExactly("b", "a");

        Result yes = cli().stdinTerminal().terminal().stdin("y\n").run("sessions", "rm", "--all");
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.err()).contains("deleted 2 saved chats");
        assertThat(saved().names()).isEmpty();

        Result both = cli().run("sessions", "rm", "--all", "a");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("jollama: give names, --all or --older-than, one of the three\n");
    }

    @Test
    void showOnATerminalRendersTheMarkdownThroughThePagerAndThroughAPipeIsAsWritten() throws IOException {
        session("work", "2025-05-11T15:05:48Z", "**bold** words\n\n```sh\nls -la\n```\nend");
        Path paged = home.resolve("paged.txt");
        Path pager = home.resolve("pager.sh");
        Files.writeString(pager, "#!/bin/sh\ncat > '" + paged + "'\n");
        pager.toFile().setExecutable(true);

        Result terminal = cli().terminal().env("PAGER", pager.toString()).run("sessions", "show", "work");
        assertThat(terminal.exitCode()).isZero();
        assertThat(terminal.out()).isEmpty(); // it went to the pager
        String shown = Files.readString(paged).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(shown)
                .contains(">>> hello")
                .contains("bold words")
                .contains("┌─ sh")
                .contains("│ ls -la")
                .doesNotContain("**")
                .doesNotContain("```")
                .doesNotContain("\u001b[J"); // no redraws: a pager shows them as garbage
        Files.delete(paged);

        Result piped = cli().env("PAGER", pager.toString()).run("sessions", "show", "work");
        assertThat(piped.out())
                .isEqualTo("# work — llama3.2\n\n>>> hello\n\n**bold** words\n\n```sh\nls -la\n```\nend\n");
        assertThat(paged).doesNotExist();

        Result cat = cli().terminal().env("PAGER", "cat").run("sessions", "show", "work");
        assertThat(cat.out().replaceAll("\u001b\\[[0-9;]*m", ""))
                .contains("bold words")
                .doesNotContain("**");
    }
}
