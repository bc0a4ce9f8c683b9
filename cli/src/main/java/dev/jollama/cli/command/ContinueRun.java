package dev.jollama.cli.command;

import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.ExchangeLogging;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.client.Jollama;
import dev.jollama.core.error.InvalidInputException;
import java.util.List;

/** What `run -c` and `run --chat NAME` continue: the last logged run, or a saved chat. */
final class ContinueRun {

    private ContinueRun() {}

    /**
     * What -c continues: the last answered run, as its turns (its answer last), or, when that run
     * added a turn to a saved chat (run --chat NAME) that is still saved, that chat. Refused when the
     * log is off or holds no answered run.
     */
    record Previous(List<Turn> turns, String chat) {}

    static Previous previous(Jollama client, ExchangeLogging logging) {
        var log = logging.recorder().log();
        if (log == null) {
            throw new InvalidInputException("-c continues the last run in the log, and this run keeps no log"
                    + " (--no-log or \"log\": false): drop -c, or turn the log on");
        }
        var entry = log.lastAnswered("run")
                .orElseThrow(() -> new InvalidInputException(
                        "-c continues the last answered run, and the log has none (jollama logs): drop -c"));
        if (entry.chat() != null && client.sessions().exists(entry.chat())) {
            return new Previous(List.of(), entry.chat());
        }
        return new Previous(client.chatService().turnsOf(entry), null);
    }

    /** The saved chat {@code name} with the run's settings, or a new chat of that name. */
    static Chat chat(Jollama client, ChatService service, String name, ChatSettings settings) {
        var store = client.sessions();
        if (store.exists(name)) {
            Chat chat = Chat.resume(service, store, client.clock(), name);
            chat.switchTo(settings);
            return chat;
        }
        Chat chat = Chat.start(service, store, client.clock(), settings);
        chat.rename(name);
        return chat;
    }
}
