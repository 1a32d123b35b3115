package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.testing.RequiredTool;
import org.fieldgate.gateway.runtime.RunFile;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The crews' page in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium), at a phone's 360×740, against the real gateway jar: a water-level sensor above
 * BĐ I whose flood rule raises after 8 s, so the page is open before the alarm comes.
 */
class CrewPageBrowserIT extends RealGatewayTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String GW = "crew-page";
    private static final String PIN = "482913";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ChromeDriver browser;
    private String page;

    @BeforeEach
    void start() throws Exception {
        RequiredTool.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver (.ci/run installs them)");
        broker = MosquittoBroker.started();
        Files.writeString(dir.resolve("crew.pin"), CrewPin.hashLine(PIN) + "\n");
        gateway = GatewayProcess.prepare(dir, """
                gateway: { id: %s }
                uplink: { mqtt: { servers: ["%s"] } }
                storage: { path: store.db, max_size: 64MB }
                status: { http: { bind: "127.0.0.1:0" }, crew_pin_file: crew.pin }
                pipeline: { batch: 1s }
                sensors:
                  - id: wl1
                    driver: sim-water-level
                    every: 500ms
                    scenario: { seed: 7, start_m: 9.8, peak_m: 9.9, time_to_peak: 20m, duration: 60m, noise_m: 0.002 }
                  - id: aq1
                    driver: sim-air-quality
                    every: 1s
                    scenario: { seed: 11, base_pm2_5: 25 }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 }, { name: BD2, above: 10.5 } ]
                    hold: 8s
                    actions: [ siren ]
                outputs:
                  - id: siren
                    gpio: { pin: 17 }
                """.formatted(GW, broker.url())).start();
        RunFile run = gateway.awaitUp(WAIT);
        page = run.statusUrl() + "/";
        recorder = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/alert/#");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        options.setExperimentalOption("mobileEmulation",
                Map.of("deviceMetrics", Map.of("width", 360, "height", 740, "pixelRatio", 2.0)));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what + "\npage:\n"
                        + browser.findElement(By.tagName("main")).getText());
            }
            Thread.sleep(25);
        }
    }

    /** The page rewrites a section when it changed: an element read a moment ago may be gone. */
    private static boolean holds(java.util.function.BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (StaleElementReferenceException e) {
            return false;
        }
    }

    private List<WebElement> alarmCards() {
        return browser.findElements(By.cssSelector("#alarms .alarm[data-rule='flood']"));
    }

    @Test
    void aRaisedAlarmAppearsWithinASecondOfReachingTheBrokerAndTheDomMatchesTheStatus() throws Exception {
        browser.get(page);
        awaitTrue("the live stream connected", WAIT, () -> browser.findElement(By.id("conn")).getAttribute("class").equals("live"));
        assertThat(alarmCards()).as("the alarm is not raised yet: the page must be open first").isEmpty();

        MqttRecorder.Received alert = recorder.awaitMessage(m -> m.text().contains("\"state\":\"raised\""), WAIT);
        awaitTrue("the raised alarm on the page", Duration.ofSeconds(5), () -> !alarmCards().isEmpty());
        long shownMs = (System.nanoTime() - alert.at()) / 1_000_000;
        assertThat(shownMs).as("ms from the alert reaching the broker to the alarm on the page").isLessThan(1000);

        // the same values as /api/status
        JsonNode status = gateway.status();
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo(GW);
        for (JsonNode s : status.path("sensors")) {
            assertThat(browser.findElements(By.cssSelector("[data-sensor='" + s.path("id").asText() + "']"))).hasSize(1);
        }
        assertThat(alarmCards().get(0).getText()).contains("BĐ I").contains("Chưa xác nhận");
        String sensors = browser.findElement(By.id("sensors")).getText();
        assertThat(sensors).contains("wl1").contains("aq1").contains("stage_m").contains("pm2_5");
        // the siren, which this machine (no GPIO) cannot drive: said so, and no test button
        String outputs = browser.findElement(By.id("outputs")).getText();
        assertThat(outputs).contains("siren").contains("không điều khiển được").contains("theo flood");
        assertThat(browser.findElements(By.cssSelector("#outputs button.test"))).isEmpty();
        // which config runs: the technician's local file
        assertThat(browser.findElement(By.id("site")).getText()).contains("Cấu hình").contains("tệp tại trạm");

        // the history of every scalar channel, drawn from the gateway's own per-minute history
        browser.findElement(By.id("h24")).click();
        awaitTrue("the 24-hour charts", Duration.ofSeconds(5), () -> !browser.findElements(
                By.cssSelector("[data-chart='wl1.stage_m'] svg polyline.mean")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-chart='aq1.pm2_5'] svg"))).hasSize(1);

        // nothing but the gateway itself was asked for anything
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href])");
        String origin = page.substring(0, page.length() - 1);
        assertThat(requested).isNotEmpty().allMatch(u -> u.startsWith(origin + "/"), "from " + origin);
    }

    @Test
    void wrongPinsAreRefusedAndLockOutTheRightOneAcknowledgesAndIsPublished() throws Exception {
        browser.get(page);
        recorder.awaitMessage(m -> m.text().contains("\"state\":\"raised\""), WAIT);
        awaitTrue("the raised alarm on the page", Duration.ofSeconds(5), () -> !alarmCards().isEmpty());

        tryPin("000000");
        awaitTrue("wrong PIN said", Duration.ofSeconds(5), () -> browser.findElement(By.id("pinError")).getText().contains("Sai mã PIN"));
        assertThat(browser.findElement(By.id("pinError")).getText()).contains("Còn 4 lần thử");
        browser.findElement(By.id("pinCancel")).click();

        tryPin(PIN);
        awaitTrue("acknowledged on the page", Duration.ofSeconds(5),
                () -> !alarmCards().isEmpty() && alarmCards().get(0).getText().contains("Đã xác nhận bởi local-page"));
        MqttRecorder.Received ack = recorder.awaitMessage(m -> m.text().contains("\"state\":\"acknowledged\""), WAIT);
        assertThat(ack.text()).contains("\"rule\":\"flood\"").contains("local-page");
        assertThat(gateway.log()).doesNotContain(PIN).doesNotContain("000000");

        // testing the siren, through the API the page uses: the right PIN, but this machine has no GPIO
        Object test = ((JavascriptExecutor) browser).executeAsyncScript("const done=arguments[arguments.length-1];"
                + "fetch('api/crew/test/siren',{method:'POST',headers:{'Content-Type':'application/json'},"
                + "body:JSON.stringify({pin:'" + PIN + "'})}).then(r=>r.json().then(j=>done(r.status+' '+j.error)))");
        assertThat(test).isEqualTo("503 output_unavailable");
        assertThat(gateway.log()).contains("output siren: test by local-page refused");

        // the lockout, through the API the page uses (no alarm left to click)
        for (int i = 0; i < PinLockout.FREE_TRIES; i++) {
            js("fetch('api/crew/ack/flood',{method:'POST',headers:{'Content-Type':'application/json'},"
                    + "body:JSON.stringify({pin:'111111'})})");
            Thread.sleep(400);
        }
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done=arguments[arguments.length-1];"
                + "fetch('api/crew/ack/flood',{method:'POST',headers:{'Content-Type':'application/json'},"
                + "body:JSON.stringify({pin:'" + PIN + "'})}).then(r=>done(r.status))");
        assertThat(((Number) status).intValue()).isEqualTo(429);
    }

    @Test
    void chromiumsDumpDomHoldsTheGatewayItsSensorsAndTheFloodLevelsAndThePageHasNoAbsoluteUrl() throws Exception {
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("dump-profile"), "--dump-dom", page)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains(">" + GW + "<").contains("data-sensor=\"wl1\"").contains("data-sensor=\"aq1\"")
                .contains("BĐ I ").contains("BĐ II ");
        String source = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(page)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(source).doesNotContain("http://").doesNotContain("https://");
    }

    private void tryPin(String pin) throws InterruptedException {
        awaitTrue("an acknowledge button", Duration.ofSeconds(5),
                () -> !browser.findElements(By.cssSelector("#alarms button.ack")).isEmpty());
        browser.findElement(By.cssSelector("#alarms button.ack")).click();
        WebElement input = browser.findElement(By.id("pin"));
        input.clear();
        input.sendKeys(pin);
        browser.findElement(By.id("pinOk")).click();
    }

    @Test
    void theLanguageSwitchWorksIsRememberedAndEachLanguageHasItsScreenshot() throws Exception {
        browser.get(page);
        recorder.awaitMessage(m -> m.text().contains("\"state\":\"raised\""), WAIT);
        awaitTrue("the raised alarm on the page", Duration.ofSeconds(5), () -> !alarmCards().isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-t='alarms']")).getText()).isEqualTo("Cảnh báo đang hoạt động");
        Files.write(screenshots().resolve("status-page-vi.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("lang")).click();
        assertThat(browser.findElement(By.cssSelector("[data-t='alarms']")).getText()).isEqualTo("Active alarms");
        browser.navigate().refresh();
        awaitTrue("the page again, in English", WAIT, () -> !alarmCards().isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-t='alarms']")).getText()).isEqualTo("Active alarms");
        assertThat(js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(alarmCards().get(0).getText()).contains("Not acknowledged");
        Files.write(screenshots().resolve("status-page-en.png"), browser.getScreenshotAs(OutputType.BYTES));

        // touch targets: every button at least 48 px high at 360 px wide
        @SuppressWarnings("unchecked")
        List<Number> heights = (List<Number>) js("return [...document.querySelectorAll('button')]"
                + ".filter(b => b.offsetParent !== null).map(b => b.getBoundingClientRect().height)");
        assertThat(heights).isNotEmpty().allMatch(h -> h.doubleValue() >= 48);
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).as("no sideways scrolling")
                .isLessThanOrEqualTo(360);
    }

    /** Where the screenshots go: {@code target/screenshots} (docs/images holds the copies in the docs). */
    private static Path screenshots() throws Exception {
        Path d = Path.of("target", "screenshots");
        Files.createDirectories(d);
        return d;
    }
}
