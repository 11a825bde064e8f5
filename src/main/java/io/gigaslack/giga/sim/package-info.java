/**
 * A Giga simulator: the same endpoints and shapes over real HTTP, with a clock-driven lifecycle,
 * callbacks and fault injection. Used by tests and for local trials without a Giga account
 * ({@link io.gigaslack.giga.sim.GigaSimulatorMain}). Imports Jetty (core API), Jackson, slf4j and the JDK
 * HTTP client (for callbacks) only; never the Giga client in {@code io.gigaslack.giga}.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.giga.sim;
