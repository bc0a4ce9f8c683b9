package dev.jollama.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.daemon.UnusedDaemon;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.ToolRefusedException;
import dev.jollama.core.http.Cancellation;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The loop: calls run in order, results go back, every failure is the model's to hear, bounds hold. */
class ToolLoopTest {

    /** A daemon that answers each request with the next of its scripted answers, recording requests. */
    static final class Scripted extends UnusedDaemon {
        final Deque<Function<ChatRequest, Completion>> answers = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();
        List<String> capabilities = List.of("completion", "tools");

        Scripted then(Function<ChatRequest, Completion> answer) {
            answers.add(answer);
            return this;
        }

        @Override
        public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
            requests.add(request);
            Completion c = answers.pop().apply(request);
            if (c.content() != null && !c.content().isEmpty()) {
                listener.onContent(c.content());
            }
            return c;
        }

        @Override
        public ModelInfo show(String model) {
            return new ModelInfo(null, null, null, null, Map.of(), capabilities, null, null, null, null, null);
        }
    }

    static Completion text(String content) {
        return new Completion("m", content, null, "stop", 0, 0, 0, 0, 0, 0, null);
    }

    static Completion calls(ToolCall... calls) {
        return new Completion("m", "", null, "stop", 0, 0, 0, 0, 0, 0, List.of(calls));
    }

    static ToolCall call(String id, String name, String key, String value) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put(key, value);
        return new ToolCall(id, null, name, args, args.toString());
    }

    /** A tool that answers with what it was given, or blocks until cancelled. */
    static Tool echo(String name, List<String> ran) {
        return new Tool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ToolSpec spec() {
                return new ToolSpec(name, "echoes", JsonNodeFactory.instance.objectNode());
            }

            @Override
            public ToolPreview preview(JsonNode arguments) {
                return new ToolPreview(name + " " + arguments, arguments.toPrettyString(), name);
            }

            @Override
            public ToolResult call(JsonNode arguments, Cancellation cancellation) {
                ran.add(name + arguments);
                if (arguments.has("boom")) {
                    throw new IllegalStateException("it broke");
                }
                if (arguments.has("block")) {
                    cancellation.await(java.time.Duration.ofSeconds(30));
                    return ToolResult.ok("woke");
                }
                return ToolResult.ok(name + " said " + arguments);
            }
        };
    }

    private final List<String> ran = new ArrayList<>();
    private final Scripted daemon = new Scripted();
    private final Conversation conversation =
            new Conversation(ChatSettings.of(dev.jollama.core.profile.Profile.ofModel("m")));

    private ToolLoop loop(ToolPolicy policy, int maxSteps) {
        Map<String, Tool> builtins = new java.util.LinkedHashMap<>();
        builtins.put("read_file", echo("read_file", ran));
        builtins.put("grep", echo("grep", ran));
        ToolSet set = ToolSet.enable(List.of("read_file", "grep"), new ToolSet.Source() {
            @Override
            public Map<String, Tool> builtins() {
                return builtins;
            }

            @Override
            public Set<String> mcpServers() {
                return Set.of();
            }

            @Override
            public Map<String, Tool> mcpTools() {
                return Map.of();
            }
        });
        return new ToolLoop(
                new ChatService(daemon, Clock.systemUTC()), set, policy, maxSteps, new ToolLoop.Observer() {});
    }

    private ToolLoop.Answer ask(ToolLoop loop) {
        return loop.ask(conversation, "go", List.of(), true, StreamListener.IGNORE, new Cancellation());
    }

    @Test
    void callsRunInOrderAndTheirResultsGoBackAsToolMessages() {
        daemon.then(r -> calls(call("c1", "read_file", "path", "a"), call(null, "grep", "pattern", "b")))
                .then(r -> text("done"));

        ToolLoop.Answer answer = ask(loop(new ToolPolicy(List.of("*"), null), 10));

        assertThat(answer.completion().content()).isEqualTo("done");
        assertThat(ran).containsExactly("read_file{\"path\":\"a\"}", "grep{\"pattern\":\"b\"}");
        assertThat(daemon.requests.get(0).tools()).extracting(ToolSpec::name).containsExactly("read_file", "grep");
        List<ChatMessage> second = daemon.requests.get(1).messages();
        assertThat(second).extracting(ChatMessage::role).containsExactly("user", "assistant", "tool", "tool");
        assertThat(second.get(1).toolCalls()).hasSize(2);
        assertThat(second.get(2).toolName()).isEqualTo("read_file");
        assertThat(second.get(2).toolCallId()).isEqualTo("c1");
        assertThat(second.get(2).content()).isEqualTo("read_file said {\"path\":\"a\"}");
        assertThat(second.get(3).toolCallId()).isNull();
        assertThat(answer.toolCalls()).extracting(ToolLoop.Step::approval).containsOnly("allowed by --allow");
    }

    @Test
    void withoutATerminalNothingRunsAndTheConversationIsAsBefore() {
        daemon.then(r -> calls(call("c1", "read_file", "path", "secret.txt")));

        assertThatThrownBy(() -> ask(loop(new ToolPolicy(List.of(), null), 10)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("--allow read_file");
        assertThat(ran).isEmpty();
        assertThat(daemon.requests).hasSize(1);
        assertThat(conversation.turns()).hasSize(1);
        assertThat(conversation.last().failed()).isTrue();
    }

    @Test
    void aDeniedCallIsToldToTheModelAndNothingOfTheToolIsSent() {
        daemon.then(r -> calls(call("c1", "read_file", "path", "secret.txt"))).then(r -> text("ok, I won't"));

        ask(loop(new ToolPolicy(List.of(), (c, p) -> Approver.Answer.NO), 10));

        assertThat(ran).isEmpty();
        ChatMessage result = daemon.requests.get(1).messages().get(2);
        assertThat(result.content()).isEqualTo("the user denied this call: it did not run");
    }

    @Test
    void unknownToolsMalformedArgumentsAndCrashesAreResultsNotCrashes() {
        ToolCall malformed = new ToolCall("c2", 1, "grep", null, "{\"pattern\": ");
        daemon.then(r -> calls(call("c1", "rm_rf", "path", "/"), malformed, call("c3", "read_file", "boom", "1")))
                .then(r -> text("recovered"));

        ToolLoop.Answer answer = ask(loop(new ToolPolicy(List.of("*"), null), 10));

        assertThat(answer.completion().content()).isEqualTo("recovered");
        List<ChatMessage> results = daemon.requests.get(1).messages().subList(2, 5);
        assertThat(results.get(0).content())
                .startsWith("there is no tool named 'rm_rf' here; the tools are: read_file, grep");
        assertThat(results.get(1).content()).isEqualTo("the arguments of grep are not a JSON object: '{\"pattern\": '");
        assertThat(results.get(2).content()).isEqualTo("read_file failed: java.lang.IllegalStateException: it broke");
        assertThat(answer.toolCalls()).allMatch(ToolLoop.Step::error);
    }

    @Test
    void aHostileToolNameIsNotEchoedWhole() {
        String huge = "x".repeat(10_000_000);
        daemon.then(r -> calls(call("c1", huge, "a", "b"))).then(r -> text("ok"));

        ask(loop(new ToolPolicy(List.of("*"), null), 10));

        assertThat(daemon.requests.get(1).messages().get(2).content()).hasSizeLessThan(1000);
    }

    @Test
    void aThousandCallsInOneAnswerRunAtMostSixtyFour() {
        ToolCall[] many = new ToolCall[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = call("c" + i, "grep", "pattern", String.valueOf(i));
        }
        daemon.then(r -> calls(many)).then(r -> text("done"));

        ToolLoop.Answer answer = ask(loop(new ToolPolicy(List.of("*"), null), 10));

        assertThat(ran).hasSize(ToolLoop.MAX_CALLS_PER_ANSWER);
        assertThat(answer.toolCalls()).hasSize(1000);
        assertThat(answer.toolCalls().get(999).result()).startsWith("not run: at most 64");
    }

    @Test
    void pastMaxStepsTheLoopStopsNamingTheLimit() {
        for (int i = 0; i < 5; i++) {
            daemon.then(r -> calls(call("c", "grep", "pattern", "again")));
        }

        assertThatThrownBy(() -> ask(loop(new ToolPolicy(List.of("*"), null), 2)))
                .isInstanceOf(ToolStepsException.class)
                .hasMessageContaining("--max-steps 2");
        assertThat(ran).hasSize(2);
        assertThat(conversation.turns()).hasSize(1);
    }

    @Test
    void aCancelFromAnotherThreadStopsABlockedToolAndTheTurn() throws Exception {
        daemon.then(r -> calls(call("c1", "read_file", "block", "1")));
        Cancellation cancellation = new Cancellation();
        CountDownLatch started = new CountDownLatch(1);
        ToolLoop loop = loop(new ToolPolicy(List.of("*"), null), 10);
        Thread canceller = new Thread(() -> {
            try {
                while (ran.isEmpty()) {
                    Thread.sleep(5);
                }
                started.countDown();
                cancellation.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();

        assertThatThrownBy(() -> loop.ask(conversation, "go", List.of(), true, StreamListener.IGNORE, cancellation))
                .isInstanceOf(CancelledException.class);
        assertThat(started.await(5, TimeUnit.SECONDS)).as("the tool started").isTrue();
        assertThat(daemon.requests).hasSize(1); // nothing sent after the cancel
        assertThat(conversation.last().interrupted()).isTrue();
    }

    @Test
    void aModelWithoutTheToolsCapabilityIsRefusedBeforeAnythingIsSent() {
        daemon.capabilities = List.of("completion", "vision");

        assertThatThrownBy(() -> ToolLoop.requireToolsCapability(daemon, "gemma:2b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model gemma:2b does not support tools (its capabilities: completion, vision): choose a"
                        + " model that lists tools in `jollama show`");
        assertThat(daemon.requests).isEmpty();
    }
}
