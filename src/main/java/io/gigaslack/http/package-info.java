/**
 * A thin HTTP layer: the {@link io.gigaslack.http.HttpCall} seen by endpoints, routing, and the Jetty 12 server that
 * carries them. Hides Jetty from the rest of the app; imports Jetty only.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.http;
