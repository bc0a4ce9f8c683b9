package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.Pager;
import dev.jollama.cli.render.TerminalColumns;
import dev.jollama.cli.render.TerminalText;
import dev.jollama.cli.render.markdown.MarkdownPrinter;
import dev.jollama.core.chat.Session;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.daemon.ToolCall;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * One saved chat's transcript: through a pipe as it was written, on a terminal with the answers'
 * markdown rendered and through the pager ($PAGER) when it is longer than the screen.
 */
@Command(
        name = "show",
        description = {
            "Print a saved chat's transcript.",
            "On a terminal the answers' markdown is rendered and a long transcript goes through $PAGER (default"
                    + " less -R); through a pipe it is printed as written."
        })
public final class SessionsShowCommand implements Callable<Integer> {

    @ParentCommand
    SessionsCommand parent;

    @Parameters(
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "A saved chat (jollama sessions lists them).")
    String name;

    @Mixin
    JsonOption json;

    /** Where the transcript goes: lines jollama writes (holding the user's text), and the model's answers. */
    private interface Transcript {
        void line(String text);

        void answer(String markdown);
    }

    @Override
    public Integer call() {
        var root = parent.root();
        Console console = root.console();
        Session session = parent.store().load(name);
        if (json.json) {
            console.println(dev.jollama.core.chat.SessionStore.json(session));
            return 0;
        }
        var services = root.services();
        if (!console.outIsTerminal() || services.options().raw()) {
            write(session, new Transcript() {
                @Override
                public void line(String text) {
                    console.println(text);
                }

                @Override
                public void answer(String markdown) {
                    console.println(markdown);
                }
            });
            return 0;
        }
        StringBuilder page = new StringBuilder();
        MarkdownPrinter.Sink sink = MarkdownPrinter.Sink.of(page::append, () -> {});
        var width = TerminalColumns.live(services.settings().columns());
        write(session, new Transcript() {
            @Override
            public void line(String text) {
                page.append(TerminalText.neutralise(text)).append('\n');
            }

            @Override
            public void answer(String markdown) {
                MarkdownPrinter printer = MarkdownPrinter.settled(sink, width, console.colour(), true);
                printer.onContent(markdown + "\n");
                printer.finish();
            }
        });
        new Pager(services.settings().pager()).show(console, page.toString());
        return 0;
    }

    private static void write(Session session, Transcript out) {
        out.answer("# " + session.name() + " — " + session.model());
        if (session.system() != null) {
            out.line("system: " + session.system());
        }
        for (Turn t : session.messages() == null ? List.<Turn>of() : session.messages()) {
            String mark =
                    t.failed() ? " (its answer failed: not sent as context)" : t.interrupted() ? " (interrupted)" : "";
            out.line("");
            if ("tool".equals(t.role())) {
                var outcome = t.tool();
                out.line("[tool " + t.toolName()
                        + (outcome != null && outcome.approval() != null ? ", " + outcome.approval() : "")
                        + (outcome != null && outcome.error() ? ", failed" : "") + "] " + t.content());
                continue;
            }
            if (t.content() != null && !t.content().isEmpty()) {
                if (t.isUser()) {
                    out.line(">>> " + t.content() + mark);
                } else {
                    out.answer(t.content() + mark);
                }
            }
            for (ToolCall call : t.toolCalls() == null ? List.<ToolCall>of() : t.toolCalls()) {
                out.line("[calls " + call.name() + " "
                        + (call.rawArguments() != null ? call.rawArguments() : String.valueOf(call.arguments())) + "]");
            }
        }
    }
}
