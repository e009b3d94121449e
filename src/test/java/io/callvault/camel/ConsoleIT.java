package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.demo.DemoDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's headless Chromium through chromedriver) against a running hub that
 * ingested the demo's FreePBX drop (yesterday's calls, the demo caller +447700900884 granted training) with the
 * shipped retentions. Each test leaves a screenshot in target/console-screenshots/.
 */
class ConsoleIT extends HubIT {
  /** The demo caller, in the national form a DPO would type. */
  static final String DEMO_CALLER_NATIONAL = "07700 900884";
  /** The demo's agents' extensions. */
  static final int FIRST_EXTENSION = 201;
  static final int LAST_EXTENSION = 220;

  ConsoleBrowser browser;
  String base;

  @BeforeEach
  void hubWithTheDemoDataAndABrowser() throws Exception {
    ConsoleBrowser.assumeInstalled();
    Path drop = hub.drop;
    DemoDrop.generate(drop, hub.dir.resolve("consent.csv"), LocalDate.now(ZoneOffset.UTC).minusDays(1), 42L);
    hub.overrides.put("pbx1.timezone", DemoDrop.PBX_ZONE.getId());
    employeeDirectory();
    hub.shippedRetention().start();
    HubFixture.await("the demo drop ingested", Duration.ofSeconds(90), () -> pendingAudio(drop) == 0);
    base = "http://127.0.0.1:" + hub.httpPort;
    browser = ConsoleBrowser.open(dir.resolve("downloads"));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aDpoFindsTheDemoCallerByNationalNumberSeesTheCopiesExportsTheAccessPackageErasesAndSeesTheCertificate()
      throws Exception {
    try {
      browser.signIn(base, "dpo-token");
      findDemoCaller();
      List<String> purposes = column("person-copies", 3);
      assertThat(purposes).contains("training", "legal");
      assertThat(browser.byId("person-count").getText()).contains("Copies: 3");
      browser.screenshot("person-view");

      browser.byId("person-export").click();
      Path zip = browser.downloads.resolve("access-package.zip");
      HubFixture.await("the access package downloaded", Duration.ofSeconds(20), () -> HubFixture.written(zip));
      assertThat(Files.readAllBytes(zip)).startsWith('P', 'K');
      assertThat(browser.byId("app-notice").getText()).contains("Access package downloaded");

      browser.byId("person-erase").click();
      WebElement preview = browser.byId("erasure-preview");
      assertThat(preview.getText()).contains("nothing has been erased yet", "would be erased", "kept", "17(3)(b)");
      assertThat(column("person-copies", 7)).as("nothing erased by the preview").containsOnly("STORED");
      browser.screenshot("erasure-preview");

      browser.byId("erase-confirm").click();
      WebElement certificate = browser.byId("erasure-certificate");
      assertThat(browser.byId("certificate-id").getText()).startsWith("cert_");
      assertThat(browser.byId("certificate-hash").getText()).matches("[0-9a-f]{64}");
      assertThat(certificate.getText()).contains("erased", "kept");
      browser.waiting().until(d -> column("person-copies", 7).contains("ERASED"));
      assertThat(column("person-copies", 7)).contains("ERASED", "STORED");
      browser.screenshot("erasure-certificate");
    } finally {
      browser.screenshot("dpo-person-last");
    }
  }

  @Test
  void aQualityReviewerSeesOnlyQualityCopiesAndNoEraseButton() throws Exception {
    try {
      browser.signIn(base, "reviewer-token");
      findDemoCaller();

      assertThat(column("person-copies", 3)).isNotEmpty().containsOnly("quality");
      assertThat(browser.driver.findElement(By.id("person-erase")).isDisplayed()).isFalse();
      assertThat(browser.driver.findElement(By.id("person-export")).isDisplayed()).isFalse();
      assertThat(browser.driver.findElements(By.cssSelector("nav [data-view=holds]")).get(0).isDisplayed()).isFalse();
    } finally {
      browser.screenshot("quality-reviewer-person");
    }
  }

  @Test
  void theRetentionChartHasBarsForTheCopiesExpiringInTheNextTwelveMonthsAndHeldCopiesApart() throws Exception {
    placeHoldOnTheDemoCaller();
    try {
      browser.signIn(base, "dpo-token");
      browser.visible(By.cssSelector("nav [data-view=retention]")).click();
      browser.waiting().until(d -> !d.findElements(By.cssSelector("#retention-chart rect.bar-due")).isEmpty());
      List<WebElement> bars = browser.driver.findElements(By.cssSelector("#retention-chart rect.bar-due"));
      assertThat(bars).isNotEmpty();
      assertThat(bars.stream().mapToLong(b -> Long.parseLong(b.getAttribute("data-count"))).sum()).isPositive();
      assertThat(browser.byId("retention-chart").getText()).contains("training", "quality");
      List<WebElement> held = browser.driver.findElements(By.cssSelector("#retention-chart rect.bar-held"));
      assertThat(held).as("the demo caller's held copies, apart").hasSize(2);
      assertThat(browser.byId("retention-sweeps").getText()).contains("No sweep has run yet");
      browser.screenshot("retention-chart");

      browser.visible(By.cssSelector("nav [data-view=person]")).click();
      findDemoCaller();
      assertThat(column("person-copies", 8)).as("the hold and its reason on every copy")
          .allSatisfy(cell -> assertThat(cell).startsWith("hold_").contains("complaint under review", "2027-01-29"));
      browser.screenshot("person-held");
    } finally {
      browser.screenshot("retention-last");
    }
  }

  @Test
  void aWrongTokenShowsAClearMessageAndTheConsoleStaysClosed() throws Exception {
    try {
      browser.get(base + "/console/");
      browser.byId("token").sendKeys("not-a-valid-token" + Keys.ENTER); // the keyboard alone signs in
      WebElement error = browser.byId("login-error");
      assertThat(error.getText()).contains("This token was not accepted");
      assertThat(browser.driver.findElement(By.id("app")).isDisplayed()).isFalse();
      assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("token");
    } finally {
      browser.screenshot("wrong-token");
    }
  }

  @Test
  void aDpoPlacesAndReleasesAHoldAndSeesTheAuditTrailTheQuarantineAndTheStatusInEnglishAndFrench() throws Exception {
    try {
      browser.signIn(base, "dpo-token");
      browser.visible(By.cssSelector("nav [data-view=holds]")).click();
      new org.openqa.selenium.support.ui.Select(browser.byId("hold-scope")).selectByValue("case");
      browser.byId("hold-target").sendKeys("case-2026-17");
      browser.byId("hold-reason").sendKeys("regulator inquiry" + Keys.ENTER);
      browser.waiting().until(d -> browser.byId("holds-list").getText().contains("case-2026-17"));
      assertThat(browser.byId("app-notice").getText()).startsWith("Hold hold_");
      browser.screenshot("holds");
      browser.visible(By.cssSelector("#holds-list button[data-hold]")).click();
      browser.waiting().until(d -> browser.byId("app-notice").getText().contains("released"));
      assertThat(browser.byId("holds-list").getText()).contains("No active legal hold");

      browser.visible(By.cssSelector("nav [data-view=audit]")).click();
      browser.waiting().until(d -> browser.byId("audit-verify").getText().contains("The chain verifies"));
      browser.waiting().until(d -> !column("audit-entries table", 4).isEmpty());
      assertThat(column("audit-entries table", 4)).contains("HOLD_PLACED", "HOLD_RELEASED");
      new org.openqa.selenium.support.ui.Select(browser.byId("audit-action")).selectByValue("HOLD_RELEASED");
      browser.waiting().until(d -> column("audit-entries table", 4).equals(List.of("HOLD_RELEASED")));
      browser.byId("audit-actor").sendKeys("DP" + Keys.ENTER); // Enter filters, and keeps the page (and the token)
      browser.waiting().until(d -> column("audit-entries table", 3).equals(List.of("dpo")));
      browser.byId("audit-actor").sendKeys("x");
      browser.waiting().until(d -> column("audit-entries table", 4).isEmpty());
      assertThat(browser.byId("app").isDisplayed()).isTrue();
      browser.screenshot("audit");

      browser.visible(By.cssSelector("nav [data-view=quarantine]")).click();
      browser.waiting().until(d -> !column("quarantine-list table", 1).isEmpty());
      assertThat(column("quarantine-list table", 1)).containsExactly("asterisk-1");
      browser.screenshot("quarantine");

      browser.visible(By.cssSelector("nav [data-view=status]")).click();
      browser.waiting().until(d -> !d.findElements(By.cssSelector("#status-body rect.bar-due")).isEmpty());
      assertThat(browser.byId("status-body").getText()).contains("asterisk-1", "training", "quality", "legal",
          "Recordings ingested per day");
      long recordings;
      try (var c = hub.hub.beans().catalog().dataSource().getConnection(); var st = c.createStatement();
          var rs = st.executeQuery("select count(*) from recordings")) {
        rs.next();
        recordings = rs.getLong(1);
      }
      assertThat(browser.driver.findElements(By.cssSelector("#ingest-chart rect[data-count]")).stream()
          .mapToLong(b -> Long.parseLong(b.getAttribute("data-count"))).sum())
          .as("the demo's recordings, each counted once however many copies it has").isEqualTo(recordings);
      assertThat(browser.byId("ingest-chart").getText()).startsWith(recordings + " recordings ingested");
      browser.screenshot("status");

      new org.openqa.selenium.support.ui.Select(browser.byId("lang")).selectByValue("fr");
      assertThat(browser.visible(By.cssSelector("nav [data-view=person]")).getText()).isEqualTo("Personne");
      assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
      browser.screenshot("person-fr");
    } finally {
      browser.screenshot("dpo-views-last");
    }
  }

  @Test
  void aDpoLooksUpAnEmployeeWithTheKeyboardAndSeesTheCopiesOfTheCallsThatAgentTook() throws Exception {
    String employee = null;
    java.util.Set<String> expected = java.util.Set.of();
    for (int ext = FIRST_EXTENSION; ext <= LAST_EXTENSION; ext++) {
      java.util.Set<String> calls = recordingIdsOf("employee:E1" + ext);
      if (calls.size() > expected.size()) {
        employee = "E1" + ext;
        expected = calls;
      }
    }
    assertThat(expected).as("the directory maps the demo's agents to employees").isNotEmpty();
    try {
      browser.signIn(base, "dpo-token");
      browser.byId("kind-customer").sendKeys(Keys.ARROW_RIGHT); // the keyboard alone picks "An employee"
      assertThat(browser.byId("kind-employee").isSelected()).isTrue();
      assertThat(browser.byId("subject-ref-label").getText()).startsWith("Employee id");
      browser.byId("subject-ref").sendKeys(employee + Keys.ENTER);
      browser.byId("person-copies");

      assertThat(new java.util.TreeSet<>(column("person-copies", 1))).isEqualTo(new java.util.TreeSet<>(expected));
      assertThat(browser.byId("person-count").getText()).contains("of " + expected.size() + " recording(s)");
      assertThat(browser.driver.getCurrentUrl()).doesNotContain(employee);
      browser.screenshot("person-employee");
    } finally {
      browser.screenshot("person-employee-last");
    }
  }

  /**
   * The demo's agents (extensions 201 to 220) as employees E1201 to E1220, like the shipped config/employees.csv,
   * so that an employee:<id> lookup finds the calls each one took.
   */
  private void employeeDirectory() throws java.io.IOException {
    StringBuilder csv = new StringBuilder("extension,employee,valid_from,valid_to,source\n");
    for (int ext = FIRST_EXTENSION; ext <= LAST_EXTENSION; ext++) {
      csv.append(ext).append(",E1").append(ext).append(",,,\n");
    }
    Files.writeString(hub.dir.resolve("employees.csv"), csv);
    hub.overrides.put("employees.source", "csv");
    hub.overrides.put("employees.csv.file", hub.dir.resolve("employees.csv").toString());
  }

  /** The recordings the API finds for {@code subject}, asked as a dpo with the reference in the header. */
  private java.util.Set<String> recordingIdsOf(String subject) throws Exception {
    java.net.http.HttpResponse<String> answer = hub.subjectRecordings(subject);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    java.util.Set<String> ids = new java.util.TreeSet<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).get("copies")
        .forEach(c -> ids.add(c.get("recordingId").asText()));
    return ids;
  }

  @Test
  void aDpoGivesAHoldPastItsReviewDateANewOneAndTheReviewIsInTheAuditTrail() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String id = placeHold("{\"scope\":\"case\",\"target\":\"case-2026-3\",\"reason\":\"regulator inquiry\","
        + "\"review_at\":\"" + today.minusDays(1) + "\"}");
    // day and month alike, so that the keys typed mean the same in Chromium's dd/mm/yyyy and mm/dd/yyyy fields
    LocalDate next = LocalDate.of(today.getYear() + 1, 3, 3);
    try {
      browser.signIn(base, "dpo-token");
      browser.visible(By.cssSelector("nav [data-view=holds]")).click();
      browser.waiting().until(d -> browser.byId("holds-list").getText().contains(id));
      assertThat(browser.driver.findElements(By.cssSelector("#holds-list tr.overdue"))).hasSize(1);
      assertThat(browser.byId("holds-list").getText()).contains("review overdue");
      browser.screenshot("holds-overdue");

      browser.visible(By.cssSelector("#holds-list button[data-review='" + id + "']")).click();
      WebElement date = browser.byId("review-date");
      assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("review-date");
      assertThat(browser.byId("hold-review").getText()).contains("regulator inquiry", today.minusDays(1).toString());
      date.sendKeys(next.format(java.time.format.DateTimeFormatter.ofPattern("ddMMyyyy")));
      assertThat(date.getDomProperty("value")).isEqualTo(next.toString());
      browser.screenshot("hold-review");
      browser.byId("review-submit").click();

      browser.waiting().until(d -> browser.byId("app-notice").getText().contains("next review on " + next));
      assertThat(browser.byId("holds-list").getText()).contains(next.toString()).doesNotContain("review overdue");
      assertThat(browser.driver.findElements(By.cssSelector("#holds-list tr.overdue"))).isEmpty();
      browser.screenshot("hold-reviewed");

      browser.visible(By.cssSelector("nav [data-view=audit]")).click();
      browser.waiting().until(d -> column("audit-entries table", 4).contains("HOLD_REVIEWED"));
      assertThat(browser.byId("audit-entries").getText()).contains("review date " + today.minusDays(1) + " -> " + next);
    } finally {
      browser.screenshot("hold-review-last");
    }
  }

  private void placeHoldOnTheDemoCaller() throws Exception {
    placeHold("{\"scope\":\"subject\",\"target\":\"+447700900884\","
        + "\"reason\":\"complaint under review\",\"review_at\":\"2027-01-29\"}");
  }

  /** Places a hold through the API as the dpo; returns its id. */
  private String placeHold(String json) throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/holds"))
        .header("Authorization", "Bearer dpo-token").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
    java.net.http.HttpResponse<String> placed = java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(placed.body()).get("id").asText();
  }

  private void findDemoCaller() {
    WebElement ref = browser.byId("subject-ref");
    ref.sendKeys(DEMO_CALLER_NATIONAL + Keys.ENTER);
    browser.byId("person-copies");
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("900884");
  }

  /** The texts of column {@code index} (1-based) of table {@code id}'s body. */
  private List<String> column(String id, int index) {
    return browser.driver.findElements(By.cssSelector("#" + id + " tbody tr td:nth-child(" + index + ")")).stream()
        .map(WebElement::getText).toList();
  }

  private static long pendingAudio(Path drop) {
    try (Stream<Path> s = Files.walk(drop)) {
      return s.filter(Files::isRegularFile).filter(p -> !drop.relativize(p).toString().startsWith(".quarantine"))
          .filter(p -> !p.getFileName().toString().equals(DemoDrop.MASTER_CSV)).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return -1; // a file left the drop while the walk listed it: ask again
    }
  }
}
