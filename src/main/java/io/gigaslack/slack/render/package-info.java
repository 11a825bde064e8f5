/**
 * Pure functions from domain data to Block Kit JSON (Jackson trees). No I/O; checked by golden JSON tests. May import runs only.
 */
package io.gigaslack.slack.render;
