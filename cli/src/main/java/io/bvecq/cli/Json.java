package io.bvecq.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Every JSON the commands write and read goes through jackson-jr here: maps, lists, strings, numbers,
 * booleans and null, written in insertion order (callers use {@link java.util.LinkedHashMap}).
 */
final class Json {
    /** Nulls are written: an unknown value is {@code null}, not a missing field. */
    private static final JSON COMPACT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON PRETTY = COMPACT.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /**
     * One line of JSON, what {@code --json} prints.
     *
     * @param value a map, list or simple value
     * @return the text, without a line end
     */
    static String line(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Indented JSON for files a person may read.
     *
     * @param value a map, list or simple value
     * @return the text, ending with a line end
     */
    static String pretty(Object value) {
        try {
            return PRETTY.asString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses JSON text into maps ({@link java.util.Map}), lists, strings, numbers (integers as
     * {@link Integer} or {@link Long}, others as {@link Double}), booleans and null.
     *
     * @param text the JSON
     * @return the value
     * @throws IllegalArgumentException if the text is not JSON, with the parser's message
     */
    static Object parse(String text) {
        try {
            return COMPACT.anyFrom(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
