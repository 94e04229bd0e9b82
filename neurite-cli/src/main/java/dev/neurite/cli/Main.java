package dev.neurite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code neurite} command. Every subcommand is a thin shell over the library; a bad input
 * ends with a one-line message naming the problem and exit status 2, with the stack trace only
 * under {@code --debug}.
 */
@Command(name = "neurite",
        mixinStandardHelpOptions = true,
        version = "neurite 0.1.0",
        description = "Feedforward neural networks trained by backpropagation, in pure Java.",
        subcommands = {TrainCommand.class, CvCommand.class, EvaluateCommand.class, PredictCommand.class, InfoCommand.class,
                DemoCommand.class, ExportCommand.class, ConvertCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input or arguments. */
    public static final int BAD_INPUT = 2;

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        CvCommand.trimOptions(cli.getSubcommands().get("cv").getCommandSpec());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            // A bad option or value: the message and where to look, not the whole usage text.
            err.println("neurite: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            if (debug) {
                e.printStackTrace(err);
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                err.println("neurite: " + Errors.shortened(e.getMessage()));
                err.flush();
                return BAD_INPUT;
            }
            if (e instanceof UncheckedIOException || e instanceof IOException) {
                // A file that cannot be read or written (a full disk, a read-only folder): named, not an internal error.
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                String message = e instanceof UncheckedIOException && !e.getMessage().equals(String.valueOf(io))
                        ? e.getMessage() : Errors.describe(io);
                err.println("neurite: " + Errors.shortened(message));
                err.flush();
                return BAD_INPUT;
            }
            err.println("neurite: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            err.flush();
            return 1;
        });
        int status;
        try {
            status = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Caught where the stack has unwound and the job's data is unreachable, so there is room to say it.
            err.println("neurite: out of memory: the job needs more than the Java heap's " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB; give the JVM more, e.g. NEURITE_JAVA_OPTS=-Xmx" + Math.max(2, 2 * Runtime.getRuntime().maxMemory() / (1L << 30)) + "g");
            status = BAD_INPUT;
        }
        out.flush();
        err.flush();
        return status;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }
}
