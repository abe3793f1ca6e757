package io.ipcbench.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * One option a transport takes, described so that the CLI can offer it as a flag, {@code list}
 * can show it and every error can name it, without the CLI knowing the transport. The value
 * reaches the transport as text in {@link LinkOptions#option(String)} under {@link #key()}: a
 * byte count for {@link Type#SIZE}, one of {@link #choices()} for {@link Type#CHOICE}.
 *
 * @param key         the key in {@link LinkOptions} and in the results' {@code settings.options}
 * @param flag        the command-line flag, with its dashes
 * @param type        what the value is
 * @param min         smallest size accepted ({@code SIZE} only)
 * @param max         largest size accepted ({@code SIZE} only)
 * @param choices     the values accepted ({@code CHOICE} only; the first is the default)
 * @param defaultText what applies when the flag is not given, in words
 * @param help        one line
 */
public record TransportOption(String key, String flag, Type type, long min, long max, List<String> choices,
                              String defaultText, String help) {
    /** What kind of value an option takes. */
    public enum Type {
        /** Bytes, written with K, M or G suffixes on the command line. */
        SIZE,
        /** One of a fixed set of words. */
        CHOICE
    }

    public TransportOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (flag == null || !flag.startsWith("--")) {
            throw new IllegalArgumentException("a transport option's flag starts with --: " + flag);
        }
        choices = List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException(flag + ": a choice needs choices");
        }
    }

    public static TransportOption size(String key, String flag, long min, long max, String defaultText, String help) {
        return new TransportOption(key, flag, Type.SIZE, min, max, List.of(), defaultText, help);
    }

    public static TransportOption choice(String key, String flag, List<String> choices, String help) {
        return new TransportOption(key, flag, Type.CHOICE, 0, 0, choices, choices.get(0), help);
    }

    /** The value as stored in {@link LinkOptions}, after the range or choice check; errors name the flag. */
    public String accept(long bytes) {
        if (type != Type.SIZE) {
            throw error("takes one of " + String.join(", ", choices) + ", not a size");
        }
        if (bytes < min || bytes > max) {
            throw error(bytes + " is outside " + min + ".." + max + " (" + help + ")");
        }
        return Long.toString(bytes);
    }

    /** The value as stored in {@link LinkOptions}, after the choice check; errors name the flag. */
    public String accept(String word) {
        if (type != Type.CHOICE) {
            throw error("takes a size in bytes, not '" + word + "'");
        }
        if (!choices.contains(word)) {
            throw error("'" + word + "' is not one of " + String.join(", ", choices));
        }
        return word;
    }

    /** The size given in {@code options}, or {@code null} when the flag was not given. */
    public Long sizeIn(LinkOptions options) {
        String v = options.option(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error("'" + v + "' is not a number of bytes");
        }
    }

    /** The choice given in {@code options}, else the default. */
    public String choiceIn(LinkOptions options) {
        String v = options.option(key);
        return v == null ? choices.get(0) : accept(v);
    }

    /** A refusal of this option's value, naming its flag. */
    public IllegalArgumentException error(String why) {
        return new IllegalArgumentException(flag + ": " + why);
    }
}
