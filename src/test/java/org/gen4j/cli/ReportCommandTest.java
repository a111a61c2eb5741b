package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gen4j report}: one self-contained HTML page per run (inline PNG grids, inline SVG charts,
 * nothing fetched), which a headless browser renders and whose grid slider script runs.
 */
class ReportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aRunsReportIsOneSelfContainedPageThatABrowserRenders() throws Exception {
        Path data = TinyRuns.fashionSubset(tmp, 64), run = tmp.resolve("run");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.064")).code()).isZero();
        Files.writeString(run.resolve("bench.json"), "{\"train_iter_ms\": 12.5}");
        Path page = tmp.resolve("report.html");
        TinyRuns.Result r = TinyRuns.run("report", run.toString(), "--out", page.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(page);
        int charts = html.split("<svg", -1).length - 1;
        assertThat(r.out()).contains("wrote " + page + ": " + charts + " charts, 3 sample grids");
        assertThat(html).contains("<title>loss_D</title>", "<title>loss_G</title>", "train_iter_ms", "&quot;model&quot;: &quot;progan&quot;");
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        int grids = 0;
        while (images.find()) {
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))))).isNotNull();
            grids++;
        }
        assertThat(grids).isEqualTo(3);
        // nothing outside the page: no src or href but inline data
        assertThat(Pattern.compile("(src|href)=\"(?!data:)").matcher(html).find()).isFalse();
        assertThat(TinyRuns.run("report", tmp.toString(), "--out", page.toString()).err()).contains("is not a gen4j run");

        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium here: the page was checked without a browser");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // the slider's script ran: it names the grid it shows
        assertThat(dom).contains("<span id=\"gridName\">fakes-0000.064kimg.png</span>");
    }
}
