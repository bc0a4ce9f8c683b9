package dev.jollama.core.daemon;

/** One NDJSON line of a streamed answer or pull; whichever fields the endpoint uses are set. */
record StreamLine(
        String model,
        ChatMessage message,
        String response,
        String thinking,
        boolean done,
        String doneReason,
        String error,
        String status,
        String digest,
        Long total,
        Long completed,
        long totalDuration,
        long loadDuration,
        int promptEvalCount,
        long promptEvalDuration,
        int evalCount,
        long evalDuration) {

    String contentText() {
        return message != null ? message.content() : response;
    }

    String thinkingText() {
        return message != null ? message.thinking() : thinking;
    }

    /** The calls this line asks for (Ollama sends them whole, each once), or null. */
    java.util.List<ToolCall> toolCalls() {
        return message != null ? message.toolCalls() : null;
    }
}
