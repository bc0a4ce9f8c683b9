package dev.jollama.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One prompt of a batch, as read from its line.
 *
 * @param id the item's "id" as given (text or number), or its line number
 * @param problem why the line cannot be sent, or null: it becomes that item's error line
 */
public record BatchItem(
        JsonNode id,
        String prompt,
        String system,
        List<String> images,
        Map<String, Object> options,
        Object format,
        String problem) {

    /** The id as resume compares it: its JSON text, so 7 and "7" stay different ids. */
    public String key() {
        return id.toString();
    }
}
