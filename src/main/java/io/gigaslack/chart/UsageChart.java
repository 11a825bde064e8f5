package io.gigaslack.chart;

import io.gigaslack.runs.UsageReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The usage chart: one bar per UTC day of the last {@link UsageReport#DAYS} days, the credits used by the runs created
 * that day, as a {@link #WIDTH}×{@link #HEIGHT} PNG. Pure apart from drawing in memory: the same report gives the same
 * bars ({@link #bars}), which are all the chart shows besides its titles.
 */
public final class UsageChart {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 480;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final Color BAR = new Color(0x4F, 0x46, 0xE5);
    private static final Color GRID = new Color(0xE5, 0xE7, 0xEB);
    private static final String SERIES = "credits";

    private UsageChart() {}

    /** One day's bar: its label on the axis and its height in credits. */
    public record Bar(String label, long credits) {}

    /** The bars, oldest day first, today last. */
    public static List<Bar> bars(UsageReport report) {
        return report.days().stream().map(d -> new Bar(DAY.format(d.date()), d.credits())).toList();
    }

    /** The chart's title. */
    public static String title(UsageReport report) {
        return "Giga credits per day, last " + UsageReport.DAYS + " days (UTC)";
    }

    /** The line under the title: whose runs, and the sum of the bars. */
    public static String subtitle(UsageReport report) {
        long total = report.chartTotal();
        String sum = String.format(Locale.ROOT, "%,d", total) + (total == 1 ? " credit" : " credits");
        return (report.everyone() ? "Everyone in the workspace" : "Your runs") + " · " + sum + " in "
                + UsageReport.DAYS + " days, each run counted on the day it was started";
    }

    /** The chart as PNG bytes. */
    public static byte[] png(UsageReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar bar : bars(report)) {
            data.addValue(bar.credits(), SERIES, bar.label());
        }
        JFreeChart chart = ChartFactory.createBarChart(title(report), null, "credits", data, PlotOrientation.VERTICAL,
                false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        chart.addSubtitle(new TextTitle(subtitle(report), new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        CategoryAxis days = plot.getDomainAxis();
        days.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        days.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        days.setCategoryMargin(0.25);
        NumberAxis credits = (NumberAxis) plot.getRangeAxis();
        credits.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        // An empty month still draws an axis up to 10, rather than a degenerate one.
        credits.setAutoRangeMinimumSize(10);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, BAR);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a stream in memory does not fail
        }
        return out.toByteArray();
    }
}
