package dev.jollama.cli.repl;

import dev.jollama.core.daemon.StreamListener;

/** Shows one answer in the chat, as it streams; {@link #finish()} ends it, complete or not. */
interface ChatPrinter extends StreamListener {
    void finish();
}
