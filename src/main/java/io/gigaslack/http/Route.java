package io.gigaslack.http;

/** An endpoint: handles one call and always answers it. */
@FunctionalInterface
public interface Route {
    void handle(HttpCall call) throws Exception;
}
