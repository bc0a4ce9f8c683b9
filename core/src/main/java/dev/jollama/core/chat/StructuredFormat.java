package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.json.Json;
import dev.jollama.core.json.JsonProblem;
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
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("schema file " + file + " does not exist (--format @FILE)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidInputException("cannot read schema file " + file + ": permission denied");
        } catch (IOException e) {
            String why = java.nio.file.Files.isDirectory(file) ? "it is a directory" : e.getMessage();
            throw new InvalidInputException("cannot read schema file " + file + ": " + why);
        }
        try {
            JsonNode schema = Json.wire().readTree(text);
            if (schema == null || schema.isMissingNode()) {
                throw new InvalidInputException("schema file " + file + " is empty: it should hold a JSON schema");
            }
            return schema;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("schema file " + file + ":" + JsonProblem.at(e));
        }
    }
}
