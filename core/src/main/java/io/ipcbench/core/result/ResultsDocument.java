package io.ipcbench.core.result;

import io.ipcbench.core.env.Environment;

import java.util.List;
import java.util.Map;

/**
 * The whole of {@code results.json}. {@code schema} is bumped whenever a field changes meaning or
 * disappears; readers refuse schemas they do not know.
 */
public record ResultsDocument(int schema, String tool, String version, String createdAt, Environment environment,
                              Map<String, Object> settings, List<ResultRecord> results) {
    public static final int SCHEMA = 1;
}
