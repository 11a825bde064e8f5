/**
 * The desktop viewer the app serves: the page at {@code /desktop/{run}} ({@link io.gigaslack.viewer.ViewerEndpoint},
 * {@link io.gigaslack.viewer.ViewerHtml}), which opens the run's live desktop in the browser with noVNC, and where
 * noVNC comes from ({@link io.gigaslack.viewer.NoVnc}: a pinned release with integrity hashes, or a local copy the app
 * serves with {@link io.gigaslack.viewer.NoVncFiles}). Access is by a personal pass
 * ({@link io.gigaslack.runs.DesktopPass}) that the Slack front-end sends privately. Imports Jackson and slf4j.
 *
 * <p>App packages it may import: [http, runs, store]
 */
package io.gigaslack.viewer;
