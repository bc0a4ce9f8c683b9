package dev.jollama.cli.repl.slash;

import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.hosts.HostedModel;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "model",
        description = "Switch to another model or profile, keeping the conversation; none: list the installed models.")
final class ModelSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "A model tag or a profile name; none: the model and the installed ones.")
    String name;

    @Override
    public void run() {
        if (name == null) {
            list(root.context);
            return;
        }
        switchTo(root, name, "");
    }

    /** The chat's model, then the installed ones as `jollama list` asks for them (each host's). */
    private static void list(SlashContext c) {
        String current = c.chat().settings().model();
        c.println("model: " + current);
        var daemon = c.services().client().daemon();
        boolean several = !daemon.pool().isSingle();
        List<HostedModel> models = daemon.listPerHost((host, e) ->
                c.error("host " + host.name() + " is not answering, its models are not listed: " + e.getMessage()));
        if (models.isEmpty()) {
            c.println("no model is installed: /pull NAME downloads one");
            return;
        }
        c.println("installed (/model NAME switches to one):");
        Table table = null;
        for (HostedModel hosted : models) {
            InstalledModel m = hosted.model();
            List<String> cells = new ArrayList<>(List.of(
                    (m.name().equals(current) || m.name().equals(current + ":latest") ? "* " : "  ") + m.name(),
                    m.size() > 0 ? HumanUnits.bytes(m.size()) : "-",
                    m.details() != null && m.details().parameterSize() != null
                            ? m.details().parameterSize()
                            : ""));
            if (several) {
                cells.add(1, hosted.host());
            }
            String[] row = cells.toArray(String[]::new);
            table = table == null ? new Table(row) : table.row(row);
        }
        table.render().lines().forEach(line -> c.println("  " + line));
    }

    /**
     * Switches to a model or a profile by name. A profile keeps what was set by hand in this chat
     * (/set, /system) over its own values, and the line that says so names them. {@code why}: what to
     * say before "now using".
     */
    static void switchTo(SlashRoot root, String modelOrProfile, String why) {
        SlashContext c = root.context;
        ChatSettings current = c.chat().settings();
        ChatSettings next = current.switchedTo(c.services().config().profiles(), modelOrProfile);
        ByHand.Kept kept = next.profile() != null ? root.byHand.over(next, current) : new ByHand.Kept(next, List.of());
        switchTo(c, kept.settings(), why, kept.said());
    }

    /** Changes nothing unless the daemon has the model: a failed switch leaves the chat as it was. */
    static void switchTo(SlashContext c, ChatSettings next, String why, String after) {
        try {
            c.chat().switchTo(next);
        } catch (ModelNotFoundException e) {
            c.error("model '" + next.model() + "' is not installed: /pull " + next.model()
                    + " downloads it; still using " + c.chat().settings().model());
            return;
        }
        c.println(why + "now using " + next.model()
                + (next.profile() != null ? " (profile " + next.profile() + ")" : "") + after);
        c.preload();
    }
}
