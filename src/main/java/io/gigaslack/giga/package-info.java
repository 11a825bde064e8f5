/**
 * The Giga HTTP API client: one method per endpoint, typed results and errors, retries and the shared request budget. Imports OkHttp and Jackson only.
 */
package io.gigaslack.giga;
