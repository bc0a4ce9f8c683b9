package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.core.chat.Session;
import dev.jollama.core.chat.Turn;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One saved chat's transcript. */
@Command(name = "show", description = "Print a saved chat's transcript.")
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

    @Override
    public Integer call() {
        Console console = parent.root().console();
        Session session = parent.store().load(name);
        if (json.json) {
            console.println(dev.jollama.core.chat.SessionStore.json(session));
            return 0;
        }
        console.println("# " + session.name() + " — " + session.model()
                + (session.system() != null ? "\nsystem: " + session.system() : ""));
        for (Turn t : session.messages() == null ? java.util.List.<Turn>of() : session.messages()) {
            String mark =
                    t.failed() ? " (its answer failed: not sent as context)" : t.interrupted() ? " (interrupted)" : "";
            console.println("");
            if ("tool".equals(t.role())) {
                var outcome = t.tool();
                console.println("[tool " + t.toolName()
                        + (outcome != null && outcome.approval() != null ? ", " + outcome.approval() : "")
                        + (outcome != null && outcome.error() ? ", failed" : "") + "] " + t.content());
                continue;
            }
            if (t.content() != null && !t.content().isEmpty()) {
                console.println((t.isUser() ? ">>> " : "") + t.content() + mark);
            }
            for (var call :
                    t.toolCalls() == null ? java.util.List.<dev.jollama.core.daemon.ToolCall>of() : t.toolCalls()) {
                console.println("[calls " + call.name() + " "
                        + (call.rawArguments() != null ? call.rawArguments() : String.valueOf(call.arguments())) + "]");
            }
        }
        return 0;
    }
}
