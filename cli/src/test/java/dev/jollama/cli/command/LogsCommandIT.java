package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log of exchanges through the real commands: run writes it, logs reads it, run -c continues it. */
class LogsCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private Path database() {
        return home.resolve("data/jollama/jollama.db");
    }

    /** The entries another program sees, opening the file the documented way: `sqlite3 "$(jollama logs path)"`. */
    private long rows() throws Exception {
        Path db = Path.of(cli().run("logs", "path").out().strip());
        assertThat(db).isEqualTo(database());
        if (!Files.exists(db)) {
            return 0;
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + database());
                var s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM entries")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aRunIsFoundByItsWordsAndContinuedWithDashC() throws Exception {
        fake.answer("llama3.2", Answer.ECHO);
        Result first = cli().run("run", "llama3.2", "remember pineapple");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("echo: remember pineapple\n");
        assertThat(first.err()).isEmpty();

        Result found = cli().run("logs", "-q", "pineapple");
        assertThat(found.exitCode()).isZero();
        assertThat(found.out()).contains("run  llama3.2").contains("remember **pineapple**");

        Result json = cli().run("logs", "--json");
        JsonNode entry = JSON.readTree(json.out().strip());
        assertThat(entry.path("command").asText()).isEqualTo("run");
        assertThat(entry.path("prompt").asText()).isEqualTo("remember pineapple");
        assertThat(entry.path("answer").asText()).isEqualTo("echo: remember pineapple");
        assertThat(entry.path("exit_code").asInt()).isZero();
        assertThat(entry.path("host").asText()).isEqualTo(fake.url());

        Result again = cli().run("run", "-c", "llama3.2", "and then?");
        assertThat(again.exitCode()).isZero();
        var calls = fake.requests("/api/chat");
        JsonNode messages = calls.get(calls.size() - 1).json().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("remember pineapple");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("echo: remember pineapple");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("and then?");

        assertThat(cli().run("logs", "-r").out()).isEqualTo("echo: and then?\n"); // as run printed it
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void noLogAndTheConfigKeepNothing() throws Exception {
        assertThat(cli().run("run", "--no-log", "llama3.2", "secret one").exitCode())
                .isZero();
        assertThat(rows()).isZero();
        Path config = home.resolve("config/jollama/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"log\": false}\n");
        assertThat(cli().run("run", "llama3.2", "secret two").exitCode()).isZero();
        assertThat(rows()).isZero();
        Result c = cli().run("run", "-c", "llama3.2", "more");
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(c.err()).startsWith("jollama: -c continues the last run in the log, and this run keeps no log");
    }

    @Test
    void aFailedRunIsLoggedWithItsExitCode() throws Exception {
        Result r = cli().run("run", "nosuch", "hello there");
        assertThat(r.exitCode()).isEqualTo(3);
        JsonNode entry = JSON.readTree(cli().run("logs", "--json").out().strip());
        assertThat(entry.path("exit_code").asInt()).isEqualTo(3);
        assertThat(entry.path("error").asText()).contains("nosuch");
        assertThat(entry.has("answer")).isFalse();
    }

    @Test
    void pathStatusOffOnAndRemoval() throws Exception {
        assertThat(cli().run("logs", "path").out().strip()).isEqualTo(database().toString());
        cli().run("run", "llama3.2", "one");
        assertThat(cli().run("logs", "off").exitCode()).isZero();
        cli().run("run", "llama3.2", "two");
        assertThat(rows()).isEqualTo(1);
        assertThat(cli().run("logs", "status").out())
                .contains("logging: off (jollama logs off)")
                .contains("entries: 1");
        cli().run("logs", "on");
        cli().run("run", "llama3.2", "three");
        assertThat(rows()).isEqualTo(2);

        Result refused = cli().run("logs", "rm", "--all");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes");
        assertThat(rows()).isEqualTo(2);
        Result removed = cli().run("logs", "rm", "--all", "--yes");
        assertThat(removed.err()).contains("removed 2 entries");
        assertThat(rows()).isZero();
        assertThat(cli().run("logs", "--since", "yesterday").err())
                .startsWith("jollama: --since wants an age (30m, 2h, 7d, 2w) or a date");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(database())))
                .isEqualTo("rw-------");
    }

    @Test
    void onATerminalTheMatchIsBoldAndTheModelsOwnEscapesStayHarmless() {
        fake.answer("llama3.2", Answer.ECHO);
        cli().run("run", "llama3.2", "remember pineapple \u001b[31mred");
        Result found = cli().terminal().run("logs", "-q", "pineapple");
        assertThat(found.out())
                .contains("remember \u001b[1mpineapple\u001b[22m")
                .doesNotContain("\u001b[31m");
    }

    @Test
    void aTurnAddedToASavedChatIsLoggedUnderItAndGoesWithIt() throws Exception {
        assertThat(cli().run("run", "--chat", "trip", "llama3.2", "hello").exitCode())
                .isZero();
        assertThat(cli().run("run", "--chat", "trip", "llama3.2", "and Rome?").exitCode())
                .isZero();
        assertThat(cli().run("logs", "--chat", "trip", "--json").out().lines()).hasSize(2);
        var calls = fake.requests("/api/chat");
        assertThat(calls.get(calls.size() - 1).json().path("messages")).hasSize(3); // hello, its answer, Rome
        assertThat(cli().run("sessions", "rm", "trip").exitCode()).isZero();
        assertThat(cli().run("logs", "--chat", "trip").err()).contains("no entries in the log of chat trip");
        assertThat(rows()).isZero();
    }

    @Test
    void eachBatchItemIsAnEntryAndNoLogLeavesNone() throws Exception {
        fake.answer("llama3.2", Answer.ECHO);
        Result batch = cli().stdin("first mango\nsecond mango\n").run("batch", "llama3.2");
        assertThat(batch.exitCode()).as(batch.err()).isZero();

        Result json = cli().run("logs", "-q", "mango", "--json");
        var entries = json.out()
                .lines()
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
        assertThat(entries).hasSize(2);
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.path("command").asText()).isEqualTo("batch"));
        assertThat(entries)
                .extracting(e -> e.path("answer").asText())
                .containsExactlyInAnyOrder("echo: first mango", "echo: second mango");

        cli().stdin("third mango\n").run("batch", "llama3.2", "--no-log");
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void anEmbedIsLoggedAsACountWithoutItsText() throws Exception {
        fake.capabilities("all-minilm", "embedding");
        Result embed = cli().run("embed", "all-minilm", "the secret recipe", "another text");
        assertThat(embed.exitCode()).as(embed.err()).isZero();

        JsonNode entry = JSON.readTree(cli().run("logs", "--json").out().strip());
        assertThat(entry.path("command").asText()).isEqualTo("embed");
        assertThat(entry.path("model").asText()).isEqualTo("all-minilm");
        assertThat(entry.path("count").asInt()).isEqualTo(2);
        assertThat(entry.path("exit_code").asInt()).isZero();
        assertThat(entry.toString()).doesNotContain("secret recipe");
        assertThat(new String(Files.readAllBytes(database()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("secret recipe");

        assertThat(cli().run("logs").out())
                .contains("embed  all-minilm  2 inputs")
                .doesNotContain("+?");
        cli().run("embed", "all-minilm", "--no-log", "more");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void logFalseInTheConfigIsWhatStatusAndOnSay() throws Exception {
        cli().writeConfig("{\"log\": false}");
        assertThat(cli().run("logs", "status").out()).contains("logging: off (\"log\": false in the config)");
        Result on = cli().run("logs", "on");
        assertThat(on.err()).contains("\"log\": false still keeps every command from logging");
        cli().run("run", "llama3.2", "not kept");
        assertThat(rows()).isZero();
    }

    @Test
    void continuingARunThatWentToASavedChatGoesOnInThatChat() throws Exception {
        fake.answer("llama3.2", Answer.ECHO);
        cli().run("run", "--chat", "t2", "llama3.2", "t2 first wombat");
        cli().run("run", "--chat", "t2", "llama3.2", "t2 second");
        Result again = cli().run("run", "-c", "llama3.2", "continue");
        assertThat(again.exitCode()).as(again.err()).isZero();
        var calls = fake.requests("/api/chat");
        JsonNode sent = calls.get(calls.size() - 1).json().path("messages");
        assertThat(sent).hasSize(5);
        assertThat(sent.get(0).path("content").asText()).isEqualTo("t2 first wombat");
        assertThat(cli().run("sessions", "show", "t2").out()).contains("continue");
        assertThat(cli().run("sessions", "rm", "t2").exitCode()).isZero();
        assertThat(cli().run("logs", "-q", "wombat").err()).contains("no entries");
    }

    @Test
    void modelFilterTakesANameWithOrWithoutLatest() {
        cli().run("run", "llama3.2", "hello");
        assertThat(cli().run("logs", "-m", "llama3.2:latest").out()).contains("hello");
        assertThat(cli().run("logs", "-m", "llama3.2").out()).contains("hello");
    }
}
