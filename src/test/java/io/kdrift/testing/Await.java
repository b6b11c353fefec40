package io.kdrift.testing;

import java.time.Duration;

/** Polls a condition until it holds, or fails the test naming what did not happen. */
public final class Await {
    private Await() {
    }

    /** A condition that may throw (an HTTP call, say): a throw counts as "not yet". */
    public interface Condition {
        boolean holds() throws Exception;
    }

    public static void until(Condition condition, Duration timeout, String what) throws InterruptedException {
        until(condition, timeout, () -> what);
    }

    /** The same, saying at the end what was seen ({@code what} is asked only then). */
    public static void until(Condition condition, Duration timeout, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception notYet) {
                // polled again
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + timeout + ": " + what.get());
    }
}
