package io.ipcbench.core.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@code results.json}. Writes go to a temporary name and are renamed, so a crash never leaves a half file. */
public final class ResultsFile {
    public static final String NAME = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultsFile() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static void write(Path file, ResultsDocument doc) throws IOException {
        writeAtomically(file, JSON.writeValueAsBytes(doc));
    }

    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a results file, or a JMH JSON result file ({@link JmhJson}); the error says what is wrong with it. */
    public static ResultsDocument read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such results file");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (JmhJson.looksLike(tree)) {
            return JmhJson.convert(file, tree);
        }
        if (tree == null || !tree.isObject() || !tree.has("schema") || !tree.has("results")) {
            throw new IOException(file + ": neither an ipcbench results file (no 'schema' and 'results') nor JMH JSON (an array)");
        }
        int schema = tree.get("schema").asInt(-1);
        if (schema != ResultsDocument.SCHEMA) {
            throw new IOException(file + ": results schema " + tree.get("schema") + " is not supported (this ipcbench reads "
                    + ResultsDocument.SCHEMA + ")");
        }
        try {
            return JSON.treeToValue(tree, ResultsDocument.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": malformed results (" + e.getOriginalMessage() + ")");
        }
    }
}
