/**
 * Charts as PNG images: {@link io.gigaslack.chart.UsageChart}, the credits per day that {@code /giga usage} uploads,
 * drawn with JFreeChart into an image in memory, headless (no display is ever needed; {@code Main} sets
 * {@code java.awt.headless}). A package of its own because it is the one part of the app that uses AWT: the Block Kit
 * renderers ({@code slack.render}) stay plain JSON, and the domain ({@code runs}) does no I/O; this package gets the
 * report from the domain, draws exactly the bars {@link io.gigaslack.chart.UsageChart#bars} lists (those are what the
 * golden test checks), and returns bytes.
 *
 * <p>App packages it may import: [runs]
 */
package io.gigaslack.chart;
