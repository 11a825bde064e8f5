/**
 * A Giga simulator: the same endpoints and shapes over real HTTP, with fault injection. Used by tests and for local trials without a Giga account. Imports Jetty and Jackson only.
 */
package io.gigaslack.giga.sim;
