package io.bvecq.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an orderly stop of one copy. The signal handler records the signal
 * and interrupts the copying thread; that thread stops submitting blocks, waits for the writes in flight,
 * removes its temporary file, and the command exits with {@code 128 + signal} (130 for SIGINT, 143 for
 * SIGTERM) after saying what happened.
 *
 * <p>If the copying thread has not finished within {@link #GRACE_SECONDS} (a read blocked on a pipe or a
 * device that does not return), the handler removes the temporary itself, prints the message and halts the
 * JVM with the same status. A shutdown hook removes the temporary on any other way out of the JVM.
 *
 * <p>Threads: {@link #temporary(Path)}, {@link #check()} and {@link #finished()} are called by the copying
 * thread; the signal handler runs on a thread of its own.
 */
final class Cancellation {
    /** How long the handler waits for the copying thread to clean up before it does so itself. */
    static final int GRACE_SECONDS = 2;

    private final Thread worker;
    private final PrintStream err;
    private final String what;
    private final CountDownLatch done = new CountDownLatch(1);
    /** The signal received: its name, or null. Written by the handler, read by the worker. */
    private volatile String signal;
    private volatile int signalNumber;
    /** The temporary to remove if the worker cannot. */
    private volatile Path temporary;
    /** What the forced stop leaves, for its message: e.g. "DST left as it was". */
    private volatile String left = "";

    private Cancellation(Thread worker, PrintStream err, String what) {
        this.worker = worker;
        this.err = err;
        this.what = what;
    }

    /**
     * Installs the handlers for the calling thread's copy.
     *
     * @param err where the handler reports if it has to act alone
     * @param what the message's subject, e.g. {@code "bvq copy"}
     * @return the token the copy checks
     */
    static Cancellation install(PrintStream err, String what) {
        Cancellation c = new Cancellation(Thread.currentThread(), err, what);
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), c::onSignal);
            } catch (IllegalArgumentException e) {
                // the JVM runs without signal handlers (-Xrs) or the signal is reserved: keep its default
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(c::removeTemporary, "bvq-cleanup"));
        return c;
    }

    /** A token no signal ever cancels, for callers that install no handlers. */
    static Cancellation none() {
        return new Cancellation(Thread.currentThread(), System.err, "bvq");
    }

    private void onSignal(Signal s) {
        if (signal != null) {
            return; // a second signal while stopping changes nothing
        }
        signalNumber = s.getNumber();
        signal = "SIG" + s.getName();
        worker.interrupt();
        boolean cleanedUp;
        try {
            cleanedUp = done.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            cleanedUp = false;
        }
        if (!cleanedUp) {
            removeTemporary();
            err.println(what + ": interrupted by " + signal + "; " + left + (temporary != null
                    ? ", temporary file removed" : "") + " (stopped while blocked for " + GRACE_SECONDS + " s)");
            err.flush();
            Runtime.getRuntime().halt(exitCode());
        }
    }

    /**
     * Names the temporary file to remove if the copy is stopped; null when there is none any more.
     *
     * @param path the temporary, or null
     */
    void temporary(Path path) {
        temporary = path;
    }

    /**
     * Says what a forced stop leaves, for its message.
     *
     * @param text e.g. {@code "dst left as it was"}
     */
    void left(String text) {
        left = text;
    }

    /**
     * Throws if a signal arrived.
     *
     * @throws Cancelled with the signal's name
     */
    void check() throws Cancelled {
        if (signal != null) {
            throw new Cancelled(signal, exitCode());
        }
    }

    /**
     * Tells whether a signal arrived.
     *
     * @return true after SIGINT, SIGTERM or SIGHUP
     */
    boolean cancelled() {
        return signal != null;
    }

    /** The exit status for the signal received: 128 + its number. */
    int exitCode() {
        return 128 + signalNumber;
    }

    /** Called by the copying thread once its temporary is removed (or committed) and no I/O is in flight. */
    void finished() {
        done.countDown();
    }

    private void removeTemporary() {
        Path t = temporary;
        if (t != null) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException e) {
                err.println(what + ": cannot remove the temporary file " + t + ": " + Failure.of(e).message());
            }
        }
    }

    /** The copy stopped on a signal; its temporary is gone and nothing is in flight. */
    static final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;

        /** The exit status, 128 + the signal number. */
        private final int exitCode;

        Cancelled(String signal, int exitCode) {
            super(signal);
            this.exitCode = exitCode;
        }

        /** The exit status, 128 + the signal number. */
        int exitCode() {
            return exitCode;
        }
    }
}
