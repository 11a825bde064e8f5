/**
 * Taking a picture of a remote desktop over RFB (VNC), with the JDK alone: {@link io.gigaslack.vnc.FrameGrabber}
 * connects to a {@code ws://}/{@code wss://} stream (RFB in WebSocket binary frames, as websockify and noVNC carry
 * it) or a plain {@code vnc://}/{@code tcp://} server, negotiates RFB 3.3/3.7/3.8 with security None or VNC
 * Authentication, asks for the whole screen in Raw encoding and returns a {@link io.gigaslack.vnc.Frame} (size,
 * pixels, PNG); every failure is a {@link io.gigaslack.vnc.VncException} whose message never contains the URL's
 * path, query string or user info.
 *
 * <p>Owns the RFB client side and nothing else: no viewer, no input events, no encodings but Raw. Sizes are capped
 * ({@link io.gigaslack.vnc.FrameGrabber#MAX_SIDE}) and one timeout bounds the whole grab.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.vnc;
