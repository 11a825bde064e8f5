package io.gigaslack.runs;

/** A Giga platform (machine size) and what it costs per hour, in Giga credits. */
public record Platform(String name, int creditsPerHour) {}
