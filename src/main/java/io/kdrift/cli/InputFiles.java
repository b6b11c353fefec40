package io.kdrift.cli;

import io.kdrift.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a file a command is to read before it starts, so that a wrong path is one line, not an exception. */
final class InputFiles {
    private InputFiles() {
    }

    /** Nothing, if the path is a regular file this process can read (or null: not given); else a {@link UserError} (exit 2). */
    static void readable(Path file, String option) {
        if (file == null) {
            return;
        }
        String what = option + " " + file + ": ";
        if (!Files.exists(file)) {
            throw new UserError(what + "no such file", 2, null);
        }
        if (Files.isDirectory(file)) {
            throw new UserError(what + "is a directory, not a file", 2, null);
        }
        if (!Files.isReadable(file)) {
            throw new UserError(what + "cannot be read (permission denied)", 2, null);
        }
    }
}
