package dev.jollama.cli.repl;

import dev.jollama.cli.render.TerminalText;
import dev.jollama.cli.repl.slash.SlashCommandLine;
import dev.jollama.cli.repl.slash.SlashContext;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.error.JollamaException;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion: command names from the command tree, then each argument's candidates from its
 * annotation ({@code on|off}, option keys), and the values only the chat knows: installed models,
 * profiles, saved chats (and models: /load takes either, as ollama run's does).
 */
final class SlashCompleter implements Completer {

    private final SlashCommandLine commands;
    private final SlashContext context;
    private List<String> models;

    SlashCompleter(SlashCommandLine commands, SlashContext context) {
        this.commands = commands;
        this.context = context;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        if (words.isEmpty() || !words.get(0).startsWith("/")) {
            return;
        }
        if (line.wordIndex() == 0) {
            commands.names().forEach(n -> candidates.add(new Candidate("/" + n)));
            return;
        }
        String name = words.get(0).substring(1);
        switch (name) {
            case "model" -> {
                models().forEach(m -> candidates.add(new Candidate(m)));
                profiles().forEach(p -> candidates.add(new Candidate(p)));
                return;
            }
            case "profile" -> {
                profiles().forEach(p -> candidates.add(new Candidate(p)));
                return;
            }
            case "load" -> {
                context.chat().store().names().forEach(n -> candidates.add(new Candidate(n)));
                models().forEach(m -> candidates.add(new Candidate(m)));
                return;
            }
            case "help" -> {
                commands.names().forEach(n -> candidates.add(new Candidate(n)));
                return;
            }
            default -> {}
        }
        CommandLine command = commands.command(name);
        if (command == null) {
            return;
        }
        int index = line.wordIndex() - 1;
        for (PositionalParamSpec p : command.getCommandSpec().positionalParameters()) {
            if (p.index().contains(index) && p.completionCandidates() != null) {
                p.completionCandidates().forEach(v -> candidates.add(new Candidate(v)));
            }
        }
    }

    private List<String> profiles() {
        return new ArrayList<>(context.services().config().profiles().keySet());
    }

    // Asked of the daemon once per chat: Tab must not wait on the network every time.
    private List<String> models() {
        if (models == null) {
            try {
                models = context.services().client().daemon().listModels().stream()
                        .map(InstalledModel::name)
                        // A name with control characters would put them into the line being edited.
                        .filter(name -> TerminalText.neutralise(name).equals(name))
                        .toList();
            } catch (JollamaException e) {
                return List.of();
            }
        }
        return models;
    }
}
