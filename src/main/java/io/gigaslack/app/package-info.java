/**
 * Wiring: configuration, the HTTP server, health, and the main entry point. May import every other package; nothing imports it.
 */
package io.gigaslack.app;
