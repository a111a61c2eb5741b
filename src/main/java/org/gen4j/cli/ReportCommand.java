package org.gen4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.gen4j.Gen4jException;
import org.gen4j.api.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gen4j report RUN --out report.html}: one self-contained HTML page about a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page about a run: configuration, curves, grid history, final values, timing.")
final class ReportCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run folder.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The page to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        Gen4jException.check(name.endsWith(".html") || name.endsWith(".htm"), "--out %s must name an .html file.", out);
        int[] shown = RunReport.write(run, out);
        PrintWriter log = spec.commandLine().getOut();
        log.printf("wrote %s: %d charts, %d sample grids%n", out, shown[0], shown[1]);
        log.flush();
        return 0;
    }
}
