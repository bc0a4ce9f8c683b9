package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/version}, {@code /api/tags} and {@code /api/ps} read with Jackson's token parser: the
 * answers of {@code status}, {@code list} and {@code ps} then cost no databind (about 400 classes,
 * the largest part of those commands' start-up after Picocli). Unknown fields are skipped, as the
 * mapper would; a field of an unexpected type is skipped too rather than failing the listing.
 */
final class ListingJson {

    private final JsonFactory factory;

    ListingJson(JsonFactory factory) {
        this.factory = factory;
    }

    String version(byte[] json) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            String version = null;
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("version") && p.currentToken() == JsonToken.VALUE_STRING) {
                        version = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return version == null ? "unknown" : version;
        }
    }

    List<InstalledModel> installed(byte[] json) throws IOException {
        List<InstalledModel> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(json)) {
            forEachModel(p, () -> out.add(installed(p)));
        }
        return out;
    }

    List<RunningModel> running(byte[] json) throws IOException {
        List<RunningModel> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(json)) {
            forEachModel(p, () -> out.add(running(p)));
        }
        return out;
    }

    private interface Item {
        void read() throws IOException;
    }

    /** Calls {@code item} with the parser on each object of the top-level "models" array. */
    private static void forEachModel(JsonParser p, Item item) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("models") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    item.read();
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static InstalledModel installed(JsonParser p) throws IOException {
        String name = null, model = null, modified = null, digest = null, remoteModel = null, remoteHost = null;
        long size = 0;
        ModelDetails details = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, t);
                case "model" -> model = text(p, t);
                case "modified_at" -> modified = text(p, t);
                case "digest" -> digest = text(p, t);
                case "size" -> size = number(p, t);
                case "details" -> details = details(p, t);
                case "remote_model" -> remoteModel = text(p, t);
                case "remote_host" -> remoteHost = text(p, t);
                default -> p.skipChildren();
            }
        }
        return new InstalledModel(name, model, modified, size, digest, details, remoteModel, remoteHost);
    }

    private static RunningModel running(JsonParser p) throws IOException {
        String name = null, model = null, digest = null, expires = null;
        long size = 0, vram = 0;
        Integer context = null;
        ModelDetails details = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, t);
                case "model" -> model = text(p, t);
                case "digest" -> digest = text(p, t);
                case "expires_at" -> expires = text(p, t);
                case "size" -> size = number(p, t);
                case "size_vram" -> vram = number(p, t);
                case "context_length" -> context = t.isNumeric() ? p.getIntValue() : skipNull(p);
                case "details" -> details = details(p, t);
                default -> p.skipChildren();
            }
        }
        return new RunningModel(name, model, size, vram, digest, details, expires, context);
    }

    private static ModelDetails details(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String parent = null, format = null, family = null, parameters = null, quantization = null;
        List<String> families = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "parent_model" -> parent = text(p, v);
                case "format" -> format = text(p, v);
                case "family" -> family = text(p, v);
                case "parameter_size" -> parameters = text(p, v);
                case "quantization_level" -> quantization = text(p, v);
                case "families" -> families = strings(p, v);
                default -> p.skipChildren();
            }
        }
        return new ModelDetails(parent, format, family, families, parameters, quantization);
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> out = new ArrayList<>();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            if (item == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static long number(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            return p.getLongValue();
        }
        p.skipChildren();
        return 0;
    }

    private static Integer skipNull(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
