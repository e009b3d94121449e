package io.callvault.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Debian Chromium driven through chromedriver (Selenium), for the console's end-to-end tests. Where
 * either is missing the test is skipped with a loud WARN (CI installs both: .ci/run). Screenshots go to
 * target/console-screenshots/.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleBrowser.class);
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final Path downloads;
  private final WebDriverWait wait;

  private ConsoleBrowser(ChromeDriver driver, Path downloads) {
    this.driver = driver;
    this.downloads = downloads;
    // the page redraws a table when an answer arrives: a cell read during a redraw is read again
    this.wait = (WebDriverWait) new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  /** Skips the calling test, loudly, when Chromium or chromedriver is not installed. */
  static void assumeInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present) {
      LOG.warn("SKIPPED console browser tests: {} or {} is missing; install them with `apt-get install -y chromium"
          + " chromium-driver` (.ci/run does)", CHROMIUM, DRIVER);
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: console browser tests skipped");
  }

  static ConsoleBrowser open(Path downloads) throws Exception {
    assumeInstalled();
    Files.createDirectories(downloads);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1000", "--lang=en-GB", "--no-first-run", "--disable-extensions");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
        "download.prompt_for_download", false, "intl.accept_languages", "en-GB"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    return new ConsoleBrowser(new ChromeDriver(service, options), downloads);
  }

  void get(String url) {
    driver.get(url);
  }

  WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  WebElement byId(String id) {
    return visible(By.id(id));
  }

  /** Signs in with {@code token} on the console's page at {@code base}. */
  void signIn(String base, String token) {
    get(base + "/console/");
    byId("token").sendKeys(token);
    byId("login-submit").click();
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  WebDriverWait waiting() {
    return wait;
  }

  @Override
  public void close() {
    driver.quit();
  }

  /** For the screenshots a test takes when it fails, before it closes the browser. */
  TakesScreenshot camera() {
    return driver;
  }
}
