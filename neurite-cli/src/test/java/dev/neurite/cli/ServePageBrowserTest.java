package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The model page in a real browser: Debian's headless Chromium (packages chromium and
 * chromium-driver, which .ci/run installs) loads /, the test fills the form, submits it and reads
 * the probabilities the page shows, which must be the API's. A screenshot is left in
 * target/serve-page.png (docs/images/serve.png is one).
 */
class ServePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void thePageShowsTheModelCardAndScoresTheFormsRow() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the page test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        Path model = ServeFixture.train(ServeFixture.churnCsv(dir, "churn.csv", true, 1), dir.resolve("churn.model"), 1);
        try (ServeFixture.Running server = ServeFixture.start(model, ServeFixture.smallLimits())) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")), "--window-size=1280,1000");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.manage().window().setSize(new Dimension(1280, 1000));
                browser.get(server.base() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(d -> d.findElement(By.id("card")).isDisplayed());
                assertEquals("churn", browser.findElement(By.id("title")).getText());
                // The card: inputs with their kinds and categories, classes, the training summary, the plots.
                String inputs = browser.findElement(By.id("inputs")).getText();
                assertTrue(inputs.contains("city text") && inputs.contains("active boolean") && inputs.contains("age numeric"), inputs);
                // A category holding HTML is shown as text, never parsed: no <i> element on the page.
                assertTrue(inputs.contains("<i>Rome</i>"), inputs);
                assertTrue(browser.findElements(By.cssSelector("#card i")).isEmpty());
                assertTrue(browser.findElement(By.id("output")).getText().contains("no, yes"));
                assertTrue(browser.findElement(By.id("training")).getText().contains("epochs 4"), browser.findElement(By.id("training")).getText());
                long pngs;
                try (var files = Files.list(model.resolveSibling("churn.model-plots"))) {
                    pngs = files.filter(f -> f.toString().endsWith(".png")).count();
                }
                assertTrue(pngs >= 3, "neurite train --plots wrote " + pngs + " pictures");
                wait.until(d -> d.findElements(By.cssSelector("#plots img")).size() == pngs
                        && d.findElements(By.cssSelector("#plots img")).stream().allMatch(i -> i.getAttribute("src").startsWith("blob:")));

                fill(browser, "age", "61");
                new Select(browser.findElement(By.id("in-city"))).selectByVisibleText("Berlin");
                new Select(browser.findElement(By.id("in-plan"))).selectByVisibleText("basic");
                fill(browser, "income", "41000");
                new Select(browser.findElement(By.id("in-active"))).selectByVisibleText("false");
                browser.findElement(By.id("score")).click();
                wait.until(d -> !d.findElements(By.cssSelector("#probabilities tr[data-label]")).isEmpty());

                JsonNode expected = ServeFixture.json(server.post("/predict", "application/json",
                        "[{\"age\": 61, \"city\": \"Berlin\", \"plan\": \"basic\", \"income\": 41000, \"active\": \"false\"}]"))
                        .get("predictions").get(0);
                List<WebElement> rows = browser.findElements(By.cssSelector("#probabilities tr[data-label]"));
                assertEquals(2, rows.size());
                for (WebElement row : rows) {
                    String label = row.getAttribute("data-label");
                    double shown = Double.parseDouble(row.findElement(By.className("probability")).getText());
                    assertEquals(expected.get("probabilities").get(label).asDouble(), shown, 0.00005, label);
                }
                assertTrue(browser.findElement(By.id("result")).getText().contains("Predicted churn: " + expected.get("label").asText()));
                File shot = browser.getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), Path.of("target", "serve-page.png"), StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
    }

    private static void fill(ChromeDriver browser, String column, String value) {
        WebElement input = browser.findElement(By.id("in-" + column));
        input.clear();
        input.sendKeys(value);
    }
}
