package dev.zmqspring.patterns.hello;

/**
 * Reply of the greeting service, read from JSON.
 *
 * @param text the greeting
 */
public record Greeting(String text) {
}
