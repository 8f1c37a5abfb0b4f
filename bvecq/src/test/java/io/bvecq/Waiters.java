package io.bvecq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a blocking call on its own thread, and waits until that thread is parked in it. */
final class Waiters {
    /** A call that may block and throw. */
    interface Call {
        Object run() throws Exception;
    }

    /** The thread running a call, and the call's result or failure. */
    record Started(Thread thread, CompletableFuture<Object> result) {
        /** Waits up to 5 s for the call's result. */
        Object get() throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(5, TimeUnit.SECONDS);
        }

        /** Waits up to 5 s for the call to fail, and returns what it threw (null if it returned). */
        Throwable failure() throws InterruptedException, TimeoutException {
            try {
                result.get(5, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }

    private Waiters() {
    }

    /** Starts {@code call} on a new platform thread and returns once that thread waits (or after 5 s, failing). */
    static Started startWaiting(Call call) throws InterruptedException {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                result.complete(call.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > end || result.isDone()) {
                throw new AssertionError("the call never waited: " + t.getState() + ", " + result);
            }
            Thread.sleep(1);
        }
        return new Started(t, result);
    }
}
