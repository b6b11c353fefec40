package io.kdrift.config;

/**
 * A configuration value that is wrong, thrown while a settings object is built; {@code field} names the
 * offending field inside that object so that the loader can point at its line.
 */
public final class ConfigFieldException extends IllegalArgumentException {
    private final String field;

    public ConfigFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
