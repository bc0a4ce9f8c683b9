package dev.jollama.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.daemon.StreamListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WaitIndicatorTest {

    @Test
    void showsTheSecondsWaitedAfterASecondAndErasesItAtTheFirstText() {
        List<String> drawn = new CopyOnWriteArrayList<>();
        List<String> passed = new ArrayList<>();
        WaitIndicator waiting = WaitIndicator.start(drawn::add, "waiting for llama3.2");
        StreamListener listener = waiting.until(passed::add);

        Awaits.until("the indicator to be drawn", () -> !drawn.isEmpty());
        assertThat(drawn.get(0)).startsWith("\r").contains("waiting for llama3.2 … 1s");

        listener.onContent("Hello");
        int afterStop = drawn.size();
        assertThat(drawn.get(afterStop - 1)).isEqualTo("\r\u001b[K");
        assertThat(passed).containsExactly("Hello");
        waiting.close();
        assertThat(drawn).hasSize(afterStop); // never drawn again
    }

    @Test
    void anAnswerWithinTheFirstSecondDrawsNothing() throws Exception {
        List<String> drawn = new CopyOnWriteArrayList<>();
        try (WaitIndicator waiting = WaitIndicator.start(drawn::add, "waiting")) {
            waiting.until(text -> {}).onThinking("hmm");
        }
        Thread.sleep(1200); // past the delay: the stopped ticker must not draw
        assertThat(drawn).isEmpty();
    }

    @Test
    void nothingIsShownWhenStderrIsNotATerminalOrColoursAreOff() throws Exception {
        StringWriter err = new StringWriter();
        Console piped =
                new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), false, false, false, false);
        Console noColor =
                new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), true, true, false, false);
        for (Console console : List.of(piped, noColor)) {
            try (WaitIndicator waiting = WaitIndicator.forConsole(console, "llama3.2")) {
                Thread.sleep(1200); // past the delay: an indicator would have drawn by now
                waiting.until(text -> {}).onContent("x");
            }
        }
        assertThat(err.toString()).isEmpty();
    }
}
