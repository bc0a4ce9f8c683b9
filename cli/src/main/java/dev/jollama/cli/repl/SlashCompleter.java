package dev.jollama.cli.repl;

import dev.jollama.cli.render.TerminalText;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.error.JollamaException;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: command names, then installed models, profile names or option keys. */
final class SlashCompleter implements Completer {

    private final SlashCommands commands;
    private final ReplSession session;
    private List<String> models;

    SlashCompleter(SlashCommands commands, ReplSession session) {
        this.commands = commands;
        this.session = session;
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
        if (line.wordIndex() != 1) {
            return;
        }
        switch (words.get(0)) {
            case "/model" -> {
                models().forEach(m -> candidates.add(new Candidate(m)));
                profiles().forEach(p -> candidates.add(new Candidate(p)));
            }
            case "/profile" -> profiles().forEach(p -> candidates.add(new Candidate(p)));
            case "/set" -> OllamaOptions.known().forEach(k -> candidates.add(new Candidate(k)));
            case "/load" -> session.store().names().forEach(n -> candidates.add(new Candidate(n)));
            case "/stats", "/think" -> List.of("on", "off").forEach(v -> candidates.add(new Candidate(v)));
            default -> {}
        }
    }

    private List<String> profiles() {
        return new ArrayList<>(session.services().config().profiles().keySet());
    }

    // Asked of the daemon once per chat: Tab must not wait on the network every time.
    private List<String> models() {
        if (models == null) {
            try {
                models = session.services().daemon().listModels().stream()
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
