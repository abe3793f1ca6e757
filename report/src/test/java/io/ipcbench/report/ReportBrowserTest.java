package io.ipcbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The report in a real headless browser (Debian's chromium, driven through chromedriver's W3C
 * WebDriver HTTP API): it loads with no console error, every image decodes (naturalWidth > 0),
 * and its screenshot is not blank. Skipped when chromium is not installed, unless
 * IPCBENCH_REQUIRE_BROWSER is set (as .ci/run does, after installing it).
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldLoadWithoutErrorsAndShowEveryImage() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("IPCBENCH_REQUIRE_BROWSER") != null) {
            assertTrue(installed, "IPCBENCH_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");

        Path page = Report.build(List.of(Fixtures.PROBED), dir.resolve("report"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromedriver.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        String session = null;
        try {
            awaitReady(base);
            Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:loggingPrefs", Map.of("browser", "ALL"),
                    "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of(
                            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--window-size=1280,2000", "--user-data-dir=" + dir.resolve("profile"))))));
            session = call("POST", base + "/session", caps).get("sessionId").asText();
            String s = base + "/session/" + session;
            call("POST", s + "/url", Map.of("url", page.toUri().toString()));

            JsonNode info = call("POST", s + "/execute/sync", Map.of("args", List.of(), "script",
                    "const imgs = Array.from(document.images);"
                            + "return {count: imgs.length, broken: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),"
                            + " title: document.title, h2: Array.from(document.querySelectorAll('h2')).map(h => h.textContent),"
                            + " alts: imgs.filter(i => i.naturalWidth > 0).map(i => i.alt),"
                            + " verdict: document.querySelector('table.verdict').innerText};"));
            assertEquals("ipcbench report", info.get("title").asText());
            assertTrue(info.get("count").asInt() >= 10, "images: " + info);
            assertEquals(0, info.get("broken").size(), "images that did not decode: " + info.get("broken"));
            assertTrue(info.get("h2").toString().contains("Summary"), info.toString());
            for (String chart : new String[] {"Host state over the run", "System calls per message", "Bytes through the kernel per message"}) {
                assertTrue(info.get("alts").toString().contains(chart), chart + " drawn: " + info.get("alts"));
            }
            String verdict = info.get("verdict").asText();
            assertTrue(verdict.contains(Summary.BLOCKING) && verdict.contains(Summary.SPINNING), "a verdict per wait family: " + verdict);

            List<String> errors = new ArrayList<>();
            for (JsonNode entry : call("POST", s + "/se/log", Map.of("type", "browser"))) {
                if ("SEVERE".equals(entry.path("level").asText())) {
                    errors.add(entry.path("message").asText());
                }
            }
            assertTrue(errors.isEmpty(), "console errors: " + errors);

            byte[] png = Base64.getDecoder().decode(call("GET", s + "/screenshot", null).asText());
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
            Files.write(dir.resolve("screenshot.png"), png);
            assertTrue(ChartsTest.distinctColours(shot) > 16, "the screenshot is blank");
        } finally {
            if (session != null) {
                try {
                    call("DELETE", base + "/session/" + session, null);
                } catch (IOException | RuntimeException e) {
                    // the driver's end kills the browser anyway
                }
            }
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        }
    }

    private void awaitReady(String base) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (call("GET", base + "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("chromedriver did not become ready in 20 s (see chromedriver.log)");
    }

    /** One WebDriver command; returns its {@code value}. */
    private JsonNode call(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new IOException(method + " " + url + ": HTTP " + res.statusCode() + " " + json);
        }
        return json.get("value");
    }
}
