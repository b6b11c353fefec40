package io.kdrift.cli;

import picocli.CommandLine.Option;

/** Where the commands that produce events send them: one definition of --bootstrap-servers and --topic (a picocli mixin). */
final class InputTopic {
    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
            description = "default ${DEFAULT-VALUE} (kdrift run's embedded broker)")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "predictions", description = "default ${DEFAULT-VALUE}")
    String topic;
}
