package io.kdrift.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (how Kubernetes, systemd and docker stop a process) and SIGINT (Ctrl-C) as a request to stop, not as the
 * JVM's default: with that, the JVM runs its shutdown hooks and exits 128 + the signal (143, 130), so that a clean
 * stop reads as a failure to a supervisor. Here the command that waits is told, closes what it runs (offsets
 * committed, the group left) and returns 0. A second signal while stopping is the JVM's again (hooks, then exit).
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Runs {@code stop} on the first SIGTERM or SIGINT. */
    static void onStop(Runnable stop) {
        Signal term = new Signal("TERM");
        Signal interrupt = new Signal("INT");
        SignalHandler[] jvm = new SignalHandler[2];
        SignalHandler ours = s -> {
            // the next signal is the JVM's again: a stuck close can still be ended by signalling once more
            Signal.handle(term, jvm[0]);
            Signal.handle(interrupt, jvm[1]);
            stop.run();
        };
        jvm[0] = Signal.handle(term, ours);
        jvm[1] = Signal.handle(interrupt, ours);
    }
}
