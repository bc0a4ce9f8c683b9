package dev.jollama.cli.tools;

import dev.jollama.cli.Services;
import dev.jollama.cli.option.ToolOptions;
import dev.jollama.cli.render.Console;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolLoop;
import dev.jollama.core.tools.ToolPolicy;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolSet;
import java.util.List;

/**
 * A one-shot command's tools: those of {@code -T} and the profile's {@code "tools"}, the approvals of
 * {@code --allow} and the profile's {@code "allow"}, asked on the terminal when there is one and
 * refused (exit 6) when there is not; the calls shown compactly on stderr.
 */
public final class ToolRun {

    private final ToolLoop loop;
    private final ToolLines lines;
    private Runnable beforeOutput = () -> {};
    private ToolLoop.Answer answer;

    private ToolRun(ChatService chat, ToolSet set, ToolPolicy policy, int maxSteps, Console console) {
        this.lines = new ToolLines(console);
        this.loop = new ToolLoop(chat, set, policy, maxSteps, new ToolLoop.Observer() {
            @Override
            public void calling(ToolCall call, ToolPreview preview) {
                beforeOutput.run();
                lines.calling(call, preview);
            }

            @Override
            public void result(ToolLoop.Step step) {
                beforeOutput.run();
                lines.result(step);
            }
        });
    }

    /** The tool run of this command line, or null when no tool is asked for. */
    public static ToolRun of(
            Services services, Console console, ToolOptions options, ChatSettings settings, ChatService chat) {
        EnabledTools tools = EnabledTools.of(options, services, settings, chat.daemon(), console::warn);
        if (tools == null) {
            return null;
        }
        ToolPolicy policy = new ToolPolicy(
                tools.allow(),
                TerminalApprover.ifTerminal(console, services.env().stderrIsTerminal()));
        return new ToolRun(chat, tools.set(), policy, tools.maxSteps(), console);
    }

    /** Runs before the first line about a call: the waiting spinner stops, so the two never mix. */
    public void beforeOutput(Runnable action) {
        beforeOutput = action;
    }

    public Completion ask(
            Conversation conversation,
            String text,
            List<String> images,
            boolean stream,
            StreamListener listener,
            Cancellation cancellation) {
        answer = loop.ask(conversation, text, images, stream, listener, cancellation);
        return answer.completion();
    }

    /** The final answer with its calls, for {@code --json}; null before {@link #ask}. */
    public ToolLoop.Answer answer() {
        return answer;
    }
}
