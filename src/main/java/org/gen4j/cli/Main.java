package org.gen4j.cli;

import java.io.PrintWriter;
import org.gen4j.Gen4jException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gen4j} command line. */
@Command(name = "gen4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train, sample and evaluate the classic image-generation models on the JVM.",
        subcommands = {
            ModelsCommand.class,
            TrainCommand.class,
            SampleCommand.class,
            InterpolateCommand.class,
            MixCommand.class,
            EvalCommand.class,
            ReconstructCommand.class,
            FeatnetCommand.class,
            BenchCommand.class,
            DataCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            StudioCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** Exit status for mistakes in the input (flags, data, files). */
    static final int USER_ERROR = 2;
    /** Exit status when reading or writing a file failed for a reason outside the input (a full disk, say). */
    static final int IO_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (models, train, sample, interpolate, mix, eval, reconstruct, featnet, bench, data, import, export, report, studio)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status, printing errors as one sentence. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** {@link #execute(String...)} with the given output and error streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args2) -> {
            // one sentence and where to read more, not a screenful of usage
            CommandLine c = e.getCommandLine();
            String message = e.getMessage().strip().replaceFirst("^Error: ", "");
            c.getErr().println("gen4j: error: " + message + (message.endsWith(".") ? "" : ".") + " See '" + c.getCommandSpec().qualifiedName()
                    + " --help'.");
            c.getErr().flush();
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (!(cause instanceof Gen4jException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof Gen4jException user) {
                commandLine.getErr().println("gen4j: error: " + user.getMessage());
                commandLine.getErr().flush();
                return USER_ERROR;
            }
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.io.IOException io) {
                    // the machine's fault, not the user's input: a full disk, a vanished or read-only folder
                    commandLine.getErr().println("gen4j: error: " + Gen4jException.describe(io) + ".");
                    commandLine.getErr().flush();
                    return IO_ERROR;
                }
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Prints gen4j's version and the engine it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gen4j " + (v == null ? "(development build)" : v) + ", DJL 0.36.0, PyTorch 2.7.1"};
        }
    }
}
