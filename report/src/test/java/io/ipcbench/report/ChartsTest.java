package io.ipcbench.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every chart renders headless to a PNG that decodes and is not blank (after XChart's DemoChartsTest). */
class ChartsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static List<Row> rows() throws ReportException {
        List<Row> rows = new ArrayList<>();
        for (RunResults run : RunResults.load(List.of(Fixtures.RUN))) {
            run.doc().results().forEach(r -> rows.add(new Row(r, run)));
        }
        return rows;
    }

    @Test
    void shouldRenderEveryChartToAPngThatIsNotBlank() throws Exception {
        List<Row> rows = rows();
        List<Charts.Named> charts = new Charts(rows).all(rows, 4096);
        Set<String> files = new HashSet<>();
        for (Charts.Named c : charts) {
            byte[] png = BitmapEncoder.getBitmapBytes(c.chart(), BitmapEncoder.BitmapFormat.PNG);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, c.file() + " decodes");
            assertEquals(Charts.WIDTH, img.getWidth(), c.file());
            assertEquals(Charts.HEIGHT, img.getHeight(), c.file());
            assertTrue(distinctColours(img) > 8, c.file() + " has content");
            assertTrue(files.add(c.file()), "unique file name " + c.file());
        }
        // rtt by size, a spectrum per size (4), MB/s, msgs/s, CPU, two speedup charts
        assertTrue(files.containsAll(List.of("rtt-by-size.png", "spectrum-64.png", "spectrum-4K.png", "spectrum-64K.png",
                "spectrum-1M.png", "throughput-mbps.png", "throughput-msgs.png", "cpu-4K.png", "shm-speedup-rtt.png",
                "shm-speedup-stream.png")), files.toString());
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void shouldClampNonPositiveValuesOnLogAxes() {
        assertTrue(Charts.positive(0) > 0);
        assertTrue(Charts.positive(-5) > 0);
        assertTrue(Charts.positive(Double.NaN) > 0);
        assertEquals(12.5, Charts.positive(12.5));
    }

    @Test
    void shouldLabelSpectrumDecadesAsPercentiles() {
        assertEquals("0%", Charts.percentileLabel(0));
        assertEquals("90%", Charts.percentileLabel(1));
        assertEquals("99%", Charts.percentileLabel(2));
        assertEquals("99.9%", Charts.percentileLabel(3));
        assertEquals("99.99%", Charts.percentileLabel(4));
        assertEquals("", Charts.percentileLabel(2.5));
    }

    @Test
    void shouldReadTheFullSpectrumFromTheHistogramLog() throws ReportException, IOException {
        Row rtt = rows().stream().filter(Row::rtt).findFirst().orElseThrow();
        assertNotNull(Charts.readHistogram(rtt.histogramLog()), "fixture has " + rtt.histogramLog());
        double[][] pts = Charts.spectrumPoints(rtt);
        assertEquals(Charts.PERCENTILES.length, pts[0].length);
        for (int i = 1; i < pts[1].length; i++) {
            assertTrue(pts[1][i] >= pts[1][i - 1], "latency grows with the percentile");
        }
    }
}
