package dev.zmqspring.patterns.hello;

/**
 * Request of the greeting service, sent as JSON.
 *
 * @param name who to greet
 */
public record Person(String name) {
}
