package io.gigaslack.vnc;

/** What the server says about its desktop once security is done: its size and its name. */
record ServerInit(int width, int height, String name) {
}
