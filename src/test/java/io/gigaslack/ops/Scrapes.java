package io.gigaslack.ops;

import java.util.OptionalDouble;

/** Reads sample values out of a text-format scrape. */
final class Scrapes {

    private Scrapes() {
    }

    /** The value of the sample written exactly as {@code series} ({@code name{a="x",b="y"}}), if present. */
    static OptionalDouble value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
