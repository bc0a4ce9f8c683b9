package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.builtins.ScreenTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an answer looks on a real terminal (a pseudo-terminal from script(1)): a dumb one, a narrow one,
 * one made narrower while the answer streams.
 */
class AnswerOnTerminalIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ECHO);

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> env() {
        return new HashMap<>(JollamaProcess.host(fake.url()));
    }

    @Test
    void onADumbTerminalNeitherRunNorTheChatSendsAnyEscapeSequence() throws Exception {
        Map<String, String> env = env();
        env.put("TERM", "dumb");
        env.put("NO_COLOR", ""); // colours allowed: TERM=dumb alone must turn everything off
        try (JollamaProcess run =
                JollamaProcess.onTerminal(home, env, "run", "llama3.2", "# Title\n**bold** ~~old~~ `code`")) {
            assertThat(run.awaitExit(BOUND)).as(run.err()).isZero();
            assertThat(run.out()).contains("echo: # Title").contains("**bold** ~~old~~ `code`");
            assertThat(run.out()).doesNotContain("\u001b");
        }
        try (JollamaProcess chat = JollamaProcess.onTerminal(home, env, "chat", "llama3.2")) {
            chat.awaitOut(">>> ");
            chat.type("hi **there**");
            chat.awaitOut("echo: hi **there**");
            chat.type("/bye");
            assertThat(chat.awaitExit(BOUND)).as(chat.err()).isZero();
            assertThat(chat.out()).contains("bye — this chat is saved as").doesNotContain("\u001b");
        }
    }

    @Test
    void aCodeLineWiderThanTheWindowStaysInItsFrameAndStrikethroughIsStruck() throws Exception {
        String code = "total = compute(alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota)";
        try (JollamaProcess run = JollamaProcess.onTerminalAfter(
                home, env(), "stty cols 40 rows 50", "run", "llama3.2", "~~old~~ new\n```python\n" + code + "\n```")) {
            assertThat(run.awaitExit(BOUND)).as(run.err()).isZero();
            String out = run.out();
            assertThat(out).contains("\u001b[9mold\u001b[29m new");
            ScreenTerminal screen = new ScreenTerminal(40, 50);
            screen.write(out);
            List<String> rows = screen.toString().lines().toList();
            int top = indexOf(rows, "┌─ python");
            int bottom = indexOf(rows, "└─");
            assertThat(bottom - top - 1).as("rows of the code line").isEqualTo(2);
            StringBuilder inside = new StringBuilder();
            for (String row : rows.subList(top + 1, bottom)) {
                assertThat(row).as("a row inside the frame").startsWith("│ ");
                inside.append(row.substring(2).stripTrailing());
            }
            assertThat(inside.toString().replace(" ", "")).isEqualTo(code.replace(" ", ""));
            assertThat(screen.toString()).doesNotContain("~~");
        }
    }

    private static int indexOf(List<String> rows, String start) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no row starting with " + start + " in\n" + String.join("\n", rows));
    }

    @Test
    void theChatFollowsAWindowMadeNarrowerWhileTheAnswerStreams() throws Exception {
        fake.answer("llama3.2", FakeOllama.Answer.SLOW_STREAM); // " more" every 50 ms, one long paragraph
        Path shrink = home.resolve("shrink");
        // The terminal is made 40 columns wide once the test says so, as a user drags the window narrower.
        String shell = "stty cols 80 rows 50; (while [ ! -e '" + shrink
                + "' ]; do sleep 0.05; done; stty cols 40 </dev/tty) &";
        try (JollamaProcess chat = JollamaProcess.onTerminalAfter(home, env(), shell, "chat", "llama3.2")) {
            chat.awaitOut(">>> ");
            chat.type("tell me a long story");
            chat.awaitOut("more more more");
            int mark = chat.out().length();
            Files.createFile(shrink);
            // Rows wrapped by jollama itself (no answer line ends before it is done): the first one or
            // two may have started at 80 columns, before the resize took effect.
            Awaits.until(
                    "five rows after the resize",
                    BOUND,
                    () -> rowsAfter(chat.out(), mark).size() > 5);
            List<String> rows = rowsAfter(chat.out(), mark);
            for (String row : rows.subList(2, rows.size() - 1)) {
                assertThat(row.length()).as(row).isLessThanOrEqualTo(40);
                assertThat(row.strip()).as("whole words only").matches("(more ?)+");
            }
            chat.typeRaw("\u0003");
            chat.awaitOut("[interrupted");
            chat.type("/bye");
            assertThat(chat.awaitExit(BOUND)).as(chat.err()).isZero();
        }
    }

    /** The rows written after {@code mark}, without escape sequences. */
    private static List<String> rowsAfter(String out, int mark) {
        return List.of(
                out.substring(mark).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").split("\r\n", -1));
    }
}
