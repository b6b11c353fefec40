package io.kdrift.cli;

import io.kdrift.UserError;
import io.kdrift.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kdrift} command line. */
@Command(name = "kdrift", mixinStandardHelpOptions = true, version = "kdrift 0.1.0",
        description = "Kafka-native model-drift monitor: KL-divergence and cross-entropy drift scores from prediction events.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, BaselineCommand.class, RebaselineCommand.class, ReportCommand.class,
                SendCommand.class,
                GenerateCommand.class, SimulateCommand.class, PrometheusRulesCommand.class, CommandLine.HelpCommand.class})
public final class Kdrift implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command line and returns its exit code: 0 done, 1 failed, 2 bad usage, configuration or input,
     * 3 the monitor stopped itself (kdrift run). A user error is one line on stderr; {@code --verbose}
     * (anywhere on the line) adds the stack trace.
     */
    public static int execute(String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        CommandLine cli = new CommandLine(new Kdrift());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            Throwable t = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            if (t instanceof ConfigException) {
                cmd.getErr().println("kdrift: configuration error: " + t.getMessage());
                return 2;
            }
            if (t instanceof UserError u) {
                cmd.getErr().println("kdrift: " + u.getMessage());
                return u.exitCode();
            }
            if (t instanceof java.nio.file.FileSystemException f) {
                cmd.getErr().println("kdrift: " + fileProblem(f));
                return 2;
            }
            if (t instanceof IllegalArgumentException) {
                // bad input the user can fix (a baseline file, a flag that does not fit the configuration): the message says what
                cmd.getErr().println("kdrift: " + t.getMessage());
                return 2;
            }
            cmd.getErr().println("kdrift: failed: " + t + (verbose ? "" : " (--verbose shows where)"));
            return 1;
        });
        return cli.execute(rest);
    }

    /** "FILE: no such file", "FILE: permission denied", "FILE: is a directory", ... */
    static String fileProblem(java.nio.file.FileSystemException f) {
        String file = f.getFile() == null ? "" : f.getFile() + ": ";
        if (f instanceof java.nio.file.NoSuchFileException) {
            return file + "no such file or directory";
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
            return file + "permission denied";
        }
        String reason = f.getReason() != null ? f.getReason() : f.getMessage();
        return file + (reason == null ? f.getClass().getSimpleName() : reason.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
