package io.kdrift.cli;

import io.kdrift.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kdrift} command line. */
@Command(name = "kdrift", mixinStandardHelpOptions = true, version = "kdrift 0.1.0",
        description = "Kafka-native model-drift monitor: KL-divergence and cross-entropy drift scores from prediction events.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, BaselineCommand.class, ReportCommand.class, SendCommand.class, GenerateCommand.class, SimulateCommand.class, PrometheusRulesCommand.class, CommandLine.HelpCommand.class})
public final class Kdrift implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 bad usage or configuration. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Kdrift());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("kdrift: configuration error: " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                // bad input the user can fix (a baseline file, a flag that does not fit the configuration): the message says what
                cmd.getErr().println("kdrift: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("kdrift: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
