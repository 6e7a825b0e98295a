package dev.zmqspring.listener;

/**
 * A reply of several frames, returned by a listener of the starter's own (a durable
 * topic's fetch server): sent as they are, after the request's envelope. Not API.
 *
 * @param frames the reply's frames
 */
public record ReplyFrames(byte[][] frames) {

}
