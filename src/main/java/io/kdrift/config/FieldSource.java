package io.kdrift.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonPointer;

/**
 * Where a mapped field of kdrift's comes from in a record of another shape (docs/performance.md, "Labels of another
 * shape"): an RFC 6901 JSON Pointer into the record ({@code /outcome/class}), or a constant ({@code {constant: churn-v3}},
 * e.g. the model of a topic that carries one model's records).
 *
 * @param pointer  the JSON Pointer, or null for a constant
 * @param constant the constant, or null for a pointer
 */
public record FieldSource(String pointer, String constant) {
    public FieldSource {
        if ((pointer == null) == (constant == null)) {
            throw new ConfigFieldException("constant", "give a JSON Pointer (\"/a/b\") or {constant: VALUE}");
        }
        if (pointer != null && !pointer.startsWith("/")) {
            throw new ConfigFieldException("pointer", "\"" + pointer + "\" is not a JSON Pointer (RFC 6901): it starts with /, "
                    + "as in /outcome or /labels/0/class");
        }
        if (pointer != null) {
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw new ConfigFieldException("pointer", "\"" + pointer + "\" is not a JSON Pointer (RFC 6901): " + e.getMessage());
            }
        }
    }

    /** A JSON Pointer, as the mapping writes it: {@code id: /request/id}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FieldSource of(String pointer) {
        return new FieldSource(pointer, null);
    }

    /** A constant: {@code model: {constant: churn-v3}}. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static FieldSource constant(@JsonProperty("constant") String constant) {
        return new FieldSource(null, constant);
    }

    public boolean isConstant() {
        return constant != null;
    }

    /** How the field is given, for messages: the pointer, or "constant VALUE". */
    @Override
    public String toString() {
        return pointer != null ? pointer : "constant " + constant;
    }
}
