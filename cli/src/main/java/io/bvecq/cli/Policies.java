package io.bvecq.cli;

import io.bvecq.io.WritePolicy;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --policy} on the command line: the write policies by their lower-case names. */
final class Policies implements ITypeConverter<WritePolicy> {
    /** The names, in the order the README's table explains them. */
    static final List<String> NAMES = List.of("auto", "bounce", "buffered", "strict", "trusted");

    @Override
    public WritePolicy convert(String value) {
        if (NAMES.contains(value.toLowerCase(Locale.ROOT))) {
            return WritePolicy.valueOf(value.toUpperCase(Locale.ROOT));
        }
        throw new TypeConversionException("'" + value + "' (expected: " + String.join("|", NAMES) + ")");
    }

    /** The names for help and shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }
}
