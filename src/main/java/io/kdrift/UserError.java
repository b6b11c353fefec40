package io.kdrift;

/**
 * Something the user can put right (a file that is not there, a broker that does not answer, a port that is
 * taken): the command line prints the message as one line, with no stack trace, and exits with
 * {@link #exitCode()}. The message says what is wrong and what to check.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public UserError(String message, Throwable cause) {
        this(message, 1, cause);
    }

    /** 1: the environment (Kafka, a port, a file) is not as it must be; 2: the command or its configuration is wrong. */
    public int exitCode() {
        return exitCode;
    }
}
