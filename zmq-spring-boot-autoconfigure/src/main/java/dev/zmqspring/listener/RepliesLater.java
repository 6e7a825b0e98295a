package dev.zmqspring.listener;

/**
 * Marks a {@link ZmqMessageListener} of the starter's own whose every reply comes later,
 * as a {@code CompletionStage}: its container sends replies as they complete while it
 * serves the next requests. Not API.
 */
public interface RepliesLater {

}
