package io.bvecq.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows the library's {@link System.Logger} records as the CLI's own notes: one line each, in the form
 * {@code bvq copy: note: ...}, each distinct note once per run, INFO and above only (set
 * {@code BVQ_DEBUG=1} to see every level of the library's loggers; the JDK's own show from WARNING up). Installed as the JDK's {@link System.LoggerFinder} through
 * {@code META-INF/services}, so it applies in the cli only; the library keeps logging through
 * {@code System.Logger}.
 */
public final class Notes extends System.LoggerFinder {
    private static volatile PrintStream err = System.err;
    private static volatile String prefix = "bvq";
    private static final Set<String> SHOWN = ConcurrentHashMap.newKeySet();
    private static final boolean DEBUG = System.getenv("BVQ_DEBUG") != null;

    /** Creates the finder; the JDK calls this once, when the first logger is asked for. */
    public Notes() {
    }

    /**
     * Sets where notes go and the command they are shown under; called by {@code Main} before a command runs.
     *
     * @param stream standard error of the run
     * @param command the command line's prefix, e.g. {@code "bvq copy"}
     */
    static void to(PrintStream stream, String command) {
        err = stream;
        prefix = command;
        SHOWN.clear();
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new NoteLogger(name);
    }

    /** One logger per name; they all print through the static stream. */
    private record NoteLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        /** The library's notes from INFO up (every level with BVQ_DEBUG); the JDK's own from WARNING up. */
        @Override
        public boolean isLoggable(Level level) {
            if (!name.startsWith("io.bvecq")) {
                return level.getSeverity() >= Level.WARNING.getSeverity();
            }
            return DEBUG || level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                note(level, msg, thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                note(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null);
            }
        }

        private static void note(Level level, String msg, Throwable thrown) {
            String text = String.valueOf(msg).replaceFirst("^bvecq io: ", "").replace('\n', ' ');
            if (thrown != null) {
                text += ": " + Failure.of(thrown).message();
            }
            String word = level.getSeverity() >= Level.ERROR.getSeverity() ? "error"
                    : level.getSeverity() >= Level.WARNING.getSeverity() ? "warning" : "note";
            if (SHOWN.add(word + text)) {
                err.println(prefix + ": " + word + ": " + text);
            }
        }
    }
}
