package io.bvecq.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes on the command line: {@code 4096}, {@code 64K}, {@code 1M}, {@code 2G} (powers of 1024; {@code KiB} too). */
final class Sizes implements ITypeConverter<Integer> {
    /**
     * Parses a size.
     *
     * @param text e.g. {@code "64K"}, {@code "1MiB"}, {@code "4096"}
     * @return the bytes
     * @throws IllegalArgumentException if the text is not a size or is {@code > Long.MAX_VALUE}
     */
    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
        }
        if (shift != 0) {
            t = t.substring(0, t.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: a size such as 4096, 64K, 1M)");
        }
        if (n < 0 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("'" + text + "' (expected: 0 <= size < 8E)");
        }
        return n << shift;
    }

    /**
     * Writes a size the way {@link #parse} reads it, in the largest unit that divides it.
     *
     * @param bytes the size, {@code >= 0}
     * @return e.g. {@code "4M"}, {@code "1536K"}, {@code "100"}
     */
    static String format(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }

    /** For picocli: an int-sized size. */
    @Override
    public Integer convert(String value) {
        long n;
        try {
            n = parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (n > Integer.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' (expected: a size below 2G)");
        }
        return (int) n;
    }
}
