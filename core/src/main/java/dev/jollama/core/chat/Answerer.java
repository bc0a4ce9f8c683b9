package dev.jollama.core.chat;

import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.http.Cancellation;

/**
 * What answers a conversation whose last turn is the user's: the chat service itself, or the tool
 * loop, which may run tools on the way. On a failure the conversation is left as it was before the
 * question, the question marked.
 */
public interface Answerer {

    Completion answer(Conversation conversation, StreamListener listener, Cancellation cancellation);
}
