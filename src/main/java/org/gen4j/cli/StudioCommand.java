package org.gen4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.gen4j.Gen4jException;
import org.gen4j.studio.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j studio}: the local web application to watch runs and explore trained models. */
@Command(name = "studio", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a local web page to watch runs train (curves, sample grids, live) and explore trained models "
                + "(seeds, truncation, classes, interpolation, style mixing, instances, transforms).")
final class StudioCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR", description = "The folder holding the runs; default: ${DEFAULT-VALUE}.")
    Path runs;

    @Option(names = "--port", defaultValue = "7860", paramLabel = "P", description = "The port (0: any free one); default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "H", description = "The address to listen on; default: 127.0.0.1 (this machine only). Any other "
            + "lets other machines reach the studio: a warning is printed.")
    String host;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Flags.between(port, 0, 65_535, "--port");
        Gen4jException.check(!runs.toString().isBlank(), "--runs must name the folder that holds your runs, e.g. runs.");
        Gen4jException.check(host == null || host.matches("[A-Za-z0-9.:-]{1,253}"), "--host '%s' is not a host name or address.", host);
        Studio.Options options = Studio.Options.defaults(runs).withPort(port);
        if (host != null) {
            options = options.withHost(host);
        }
        Studio studio;
        try {
            studio = Studio.start(options);
        } catch (RuntimeException e) {
            if (e instanceof Gen4jException) {
                throw e;
            }
            throw new Gen4jException("cannot listen on " + options.host() + ":" + port + " (" + Gen4jException.describe(e)
                    + "); choose another --port, or 0 for any free one.", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            studio.close();
            stopped.countDown();
        }, "studio-stop"));
        studio.announce(spec.commandLine().getOut(), spec.commandLine().getErr());
        stopped.await();
        return 0;
    }
}
