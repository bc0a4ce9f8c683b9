package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code format} of a request: {@code json}, or {@code @schema.json} read as a JSON schema. */
public final class StructuredFormat {

    private StructuredFormat() {}

    public static Object parse(String spec) {
        if (spec.equals("json")) {
            return "json";
        }
        if (!spec.startsWith("@")) {
            throw new InvalidInputException("--format wants json or @FILE with a JSON schema, not '" + spec + "'");
        }
        Path file = Path.of(spec.substring(1));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read schema file " + file + ": " + e.getMessage());
        }
        try {
            return Json.wire().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "schema file " + file + ":" + e.getLocation().getLineNr() + ":"
                            + e.getLocation().getColumnNr() + ": not valid JSON: " + e.getOriginalMessage());
        }
    }
}
