package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.http.Cancellation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a chat sends after answers that were cut, failed or interrupted. */
class ConversationTurnsTest {

    private final ScriptedDaemon daemon = new ScriptedDaemon();
    private final ChatService chat = new ChatService(daemon, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final Conversation conversation =
            new Conversation(new ChatSettings(null, "phi3:mini", "be brief", Map.of(), null, null, null));

    private List<String> lastRequest() {
        ChatRequest r = daemon.requests.get(daemon.requests.size() - 1);
        return r.messages().stream().map(m -> m.role() + ":" + m.content()).toList();
    }

    @Test
    void afterACutAnswerAServerErrorAndAModelSwitchTheNextRequestHoldsNeitherPartialNorTwoUserTurns() {
        daemon.next(new Step("echo: alpha beta ", new StreamBrokenException("cut", null)));
        assertThatThrownBy(() -> ask("alpha beta gamma delta")).isInstanceOf(StreamBrokenException.class);
        daemon.next(new Step("", new DaemonErrorException(500, "model requires more system memory")));
        assertThatThrownBy(() -> ask("oom question")).isInstanceOf(DaemonErrorException.class);
        conversation.settings(conversation.settings().withModel("llama3.2"));
        daemon.next(new Step("fine", null));

        ask("a new question");

        assertThat(lastRequest()).containsExactly("system:be brief", "user:a new question");
        assertThat(conversation.turns()).extracting(Turn::content).containsExactly("a new question", "fine");
    }

    @Test
    void aFailedTurnIsKeptForARetryButNeverSentAsContext() {
        daemon.next(new Step("", null));
        ask("first");
        daemon.next(new Step("par", new StreamBrokenException("cut", null)));
        assertThatThrownBy(() -> ask("second")).isInstanceOf(StreamBrokenException.class);
        assertThat(conversation.last())
                .isEqualTo(Turn.user("second", null, Instant.EPOCH).asFailed());

        // /retry: the same question again, without the partial answer.
        conversation.replaceLast(conversation.last().asPending());
        daemon.next(new Step("whole", null));
        chat.answer(conversation, StreamListener.IGNORE, new Cancellation());

        assertThat(lastRequest()).containsExactly("system:be brief", "user:first", "assistant:", "user:second");
        assertThat(conversation.last().content()).isEqualTo("whole");
    }

    @Test
    void anInterruptedAnswerGoesOnAsContextAsFarAsItWentOnlyIfTheUserContinues() {
        // The daemon hands over what arrived with the stop (HttpOllamaDaemon, OpenAiDaemon).
        daemon.next(new Step("half an ans", new CancelledException("half an ans")));
        assertThatThrownBy(() -> ask("question")).isInstanceOf(CancelledException.class);
        assertThat(conversation.last().interrupted()).isTrue();
        daemon.next(new Step("ok", null));

        ask("go on");

        assertThat(lastRequest())
                .containsExactly("system:be brief", "user:question", "assistant:half an ans", "user:go on");
    }

    @Test
    void ctrlCBeforeAnyWordLeavesAQuestionThatANewMessageReplaces() {
        daemon.next(new Step("", new CancelledException()));
        assertThatThrownBy(() -> ask("never answered")).isInstanceOf(CancelledException.class);
        assertThat(conversation.last().isUnanswered()).isTrue();
        daemon.next(new Step("yes", null));

        ask("another");

        assertThat(lastRequest()).containsExactly("system:be brief", "user:another");
    }

    private void ask(String text) {
        chat.ask(conversation, text, null, StreamListener.IGNORE, new Cancellation());
    }

    private record Step(String text, RuntimeException failure) {}

    /** A daemon that streams each scripted text and then fails or completes, recording requests. */
    private static final class ScriptedDaemon extends dev.jollama.core.daemon.UnusedDaemon {
        final List<ChatRequest> requests = new ArrayList<>();
        private Step next;

        void next(Step step) {
            next = step;
        }

        @Override
        public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
            requests.add(new ChatRequest(
                    request.model(),
                    List.copyOf(request.messages()),
                    request.options(),
                    request.format(),
                    request.think(),
                    request.keepAlive(),
                    request.stream()));
            if (!next.text().isEmpty()) {
                listener.onContent(next.text());
            }
            if (next.failure() != null) {
                throw next.failure();
            }
            return new Completion(request.model(), next.text(), null, "stop", 0, 0, 1, 0, 1, 0);
        }
    }
}
