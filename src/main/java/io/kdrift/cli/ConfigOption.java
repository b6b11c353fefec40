package io.kdrift.cli;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --config} option of the commands that read kdrift's configuration: one definition (picocli mixins), one way to load it. */
final class ConfigOption {
    private ConfigOption() {
    }

    /** {@code --config}, required: the command has no sensible configuration without one. */
    static final class Required {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "kdrift YAML configuration")
        Path file;

        KdriftConfig load() {
            return ConfigLoader.load(file);
        }
    }

    /** {@code --config}, optional: without it, the built-in defaults. */
    static final class Optional {
        @Option(names = "--config", paramLabel = "FILE", description = "kdrift YAML configuration (default: the built-in defaults)")
        Path file;

        KdriftConfig load(Supplier<KdriftConfig> defaults) {
            return file == null ? defaults.get() : ConfigLoader.load(file);
        }
    }
}
