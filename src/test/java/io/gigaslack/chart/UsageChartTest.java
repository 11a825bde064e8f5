package io.gigaslack.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.UsageFixtures;
import io.gigaslack.runs.UsageReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The chart as an image; what it shows (its bars) is checked against a golden file in {@code UsageGoldenTest}. */
class UsageChartTest {

    @Test
    void the_chart_is_a_png_of_the_expected_size() throws IOException {
        byte[] png = UsageChart.png(UsageFixtures.everyone());

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a readable image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH).isEqualTo(960);
        assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT).isEqualTo(480);
        assertThat(ImageIO.getImageReaders(ImageIO.createImageInputStream(new ByteArrayInputStream(png))).next()
                .getFormatName()).isEqualToIgnoringCase("png");
    }

    @Test
    void the_bars_are_drawn_the_days_with_credits_in_the_bar_colour() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(UsageChart.png(UsageFixtures.everyone())));

        long barPixels = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0x4F46E5) {
                    barPixels++;
                }
            }
        }
        assertThat(barPixels).as("pixels of the bars").isGreaterThan(1000);
    }

    @Test
    void an_empty_month_still_draws_a_chart() throws IOException {
        UsageReport empty = UsageReport.of(List.of(), UsageFixtures.NOW, "U5");

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(UsageChart.png(empty)));
        assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
        assertThat(UsageChart.bars(empty)).hasSize(30).allSatisfy(b -> assertThat(b.credits()).isZero());
    }

    @Test
    void the_chart_runs_headless() {
        assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
    }
}
