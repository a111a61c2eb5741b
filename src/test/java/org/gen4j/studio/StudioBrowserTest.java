package org.gen4j.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.gen4j.api.Gen4j;
import org.gen4j.api.TrainRequest;
import org.gen4j.cli.TinyRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio's page in headless Chromium (Debian's chromium and chromium-driver), driven as a user
 * would: the runs list, a dashboard with a curve and a grid that updates while a run trains, the
 * explorer's seed grid, truncation slider, class picker and instance upload. Each step leaves a
 * screenshot in target/studio-screenshots/. Skipped, with a notice, where chromedriver is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioBrowserTest {

    static final Path SHOTS = Path.of("target", "studio-screenshots");
    static final String TOKEN = "browser-test-token-42";

    @TempDir
    static Path tmp;

    static Path runs;
    static Studio studio;
    static WebDriver driver;

    static Path executable(String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A tiny training that must succeed. */
    static void trained(TinyRuns.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }

    @BeforeAll
    static void start() throws IOException {
        Path chromedriver = executable("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Path chromium = executable("/usr/bin/chromium", "/usr/bin/chromium-browser");
        if (chromedriver == null || chromium == null) {
            System.err.println("StudioBrowserTest: skipped, no chromium and chromium-driver here (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(chromedriver != null && chromium != null, "no chromium-driver here: the studio's page was not driven");
        runs = tmp.resolve("runs");
        Files.createDirectories(runs);
        trained(TinyRuns.run(TinyRuns.tinyProGan(TinyRuns.fashionSubset(tmp, 64), runs.resolve("progan"), "0.032")));
        Path shapes = TinyRuns.twoShapes(tmp, 16);
        trained(TinyRuns.run(TinyRuns.tinySagan(shapes, runs.resolve("sagan"), "0.016")));
        trained(TinyRuns.run(TinyRuns.tinyIcGan(shapes, runs.resolve("icgan"), "0.016")));
        studio = Studio.start(new Studio.Options(runs, "127.0.0.1", 0, TOKEN, 60_000, 8, 2));
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (studio != null) {
            studio.close();
        }
    }

    static <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).until(condition);
    }

    static void shot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name), png);
    }

    static String digest(String id) {
        return driver.findElement(By.id(id)).getAttribute("data-digest");
    }

    /** The error the page shows, or "" (progress notes such as "generating..." are not errors). */
    static String status() {
        WebElement e = driver.findElement(By.id("status"));
        return "ok".equals(e.getAttribute("class")) ? "" : e.getText();
    }

    @Test
    @Order(1)
    void theRunsListShowsEveryRun() throws IOException {
        driver.get("http://127.0.0.1:" + studio.port() + "/?token=" + TOKEN);
        WebElement table = waitFor(d -> d.findElement(By.id("runs-table")));
        assertThat(driver.getCurrentUrl()).doesNotContain("token"); // the token went into a cookie
        List<WebElement> rows = table.findElements(By.cssSelector("tr[data-run]"));
        assertThat(rows).extracting(r -> r.getAttribute("data-run")).containsExactly("icgan", "progan", "sagan");
        assertThat(rows.get(1).getText()).contains("progan").contains("0.032").contains("idle");
        shot("01-runs.png");
    }

    @Test
    @Order(2)
    void aDashboardShowsCurvesAndTheGridAndUpdatesWhileTheRunTrains() throws Exception {
        driver.findElement(By.id("run-progan")).click();
        waitFor(d -> d.findElements(By.cssSelector("#chart-losses canvas")).size() > 0);
        WebElement grid = driver.findElement(By.id("latest-grid"));
        waitFor(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", grid));
        assertThat(driver.findElement(By.id("grid-name")).getText()).isEqualTo("fakes-0000.032kimg.png");
        assertThat(driver.findElement(By.id("config")).getText()).contains("\"model\": \"progan\"");
        int before = Integer.parseInt(driver.findElement(By.id("metrics-count")).getText());
        assertThat(before).isEqualTo(4);
        shot("02-dashboard.png");
        // a real run appends ticks: resume the run for 8 more images (one tick, one step) while the page is open
        Gen4j.train(TrainRequest.resume(runs.resolve("progan")).kimg(0.040), new PrintWriter(Writer.nullWriter()), false, line -> {});
        waitFor(d -> Integer.parseInt(d.findElement(By.id("metrics-count")).getText()) > before);
        assertThat(driver.findElement(By.id("charts")).getAttribute("data-points")).isEqualTo(String.valueOf(before + 1));
        shot("03-dashboard-live.png");
    }

    @Test
    @Order(3)
    void theExplorerShowsASeedGridAndEnlargesAClickedSeed() throws IOException {
        driver.findElement(By.id("to-explorer")).click();
        waitFor(d -> digest("explore-grid") != null);
        assertThat(driver.findElement(By.id("psi-control")).isDisplayed()).isFalse(); // ProGAN has no truncation trick
        assertThat(driver.findElement(By.id("class-control")).isDisplayed()).isFalse();
        WebElement grid = driver.findElement(By.id("explore-grid"));
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(grid, -grid.getSize().width / 2 + 5, -grid.getSize().height / 2 + 5)
                .click().perform();
        waitFor(d -> digest("enlarged") != null);
        assertThat(driver.findElement(By.id("enlarged-title")).getText()).isEqualTo("Seed 0");
        assertThat(driver.findElement(By.id("download-json")).getAttribute("href")).contains("/recipe?").contains("kind=image");
        shot("04-explorer.png");
    }

    @Test
    @Order(4)
    void theTruncationSliderAndTheClassPickerChangeTheImages() throws IOException {
        driver.get("http://127.0.0.1:" + studio.port() + "/#/explore/sagan");
        waitFor(d -> digest("explore-grid") != null);
        assertThat(driver.findElement(By.id("psi-control")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("class-control")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("instance-control")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("classwalk-go")).isDisplayed()).isTrue();
        String plain = digest("explore-grid");
        WebElement psi = driver.findElement(By.id("psi"));
        for (int i = 0; i < 30; i++) {
            psi.sendKeys(Keys.ARROW_LEFT); // from 3 down to 1.5
        }
        waitFor(d -> !plain.equals(digest("explore-grid")) && d.getCurrentUrl() != null);
        waitFor(d -> driver.findElement(By.id("explore-grid")).getAttribute("data-url").contains("psi=1.5"));
        String truncated = digest("explore-grid");
        assertThat(truncated).isNotEqualTo(plain);
        assertThat(status()).isEmpty();
        shot("05-truncation.png");
        new Select(driver.findElement(By.id("class-select"))).selectByIndex(1);
        waitFor(d -> d.findElement(By.id("explore-grid")).getAttribute("data-url").contains("class=1"));
        waitFor(d -> !truncated.equals(digest("explore-grid")));
        assertThat(new Select(driver.findElement(By.id("class-select"))).getFirstSelectedOption().getText()).isEqualTo("1 squares");
        driver.findElement(By.id("classwalk-go")).click();
        waitFor(d -> digest("classwalk") != null);
        assertThat(driver.findElement(By.id("classwalk-json")).getAttribute("href")).contains("kind=classwalk");
        shot("06-class.png");
    }

    @Test
    @Order(5)
    void anUploadedImageBecomesTheInstance() throws IOException {
        Path upload = tmp.resolve("mine.png");
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(8, 8, 24, 24);
        g.dispose();
        ImageIO.write(img, "png", upload.toFile());
        driver.get("http://127.0.0.1:" + studio.port() + "/#/explore/icgan");
        waitFor(d -> digest("explore-grid") != null);
        assertThat(driver.findElement(By.id("instance-control")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("class-control")).isDisplayed()).isFalse();
        driver.findElement(By.id("instance-file")).sendKeys(upload.toAbsolutePath().toString());
        waitFor(d -> digest("instance-grid") != null || !status().isEmpty());
        assertThat(status()).isEmpty();
        WebElement grid = driver.findElement(By.id("instance-grid"));
        assertThat(grid.isDisplayed()).isTrue();
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", grid);
        shot("07-instance.png");
        assertThat(new File(SHOTS.toFile(), "07-instance.png")).exists();
    }
}
