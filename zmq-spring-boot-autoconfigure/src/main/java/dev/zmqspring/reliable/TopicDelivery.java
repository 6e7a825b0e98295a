package dev.zmqspring.reliable;

/**
 * A message claimed for one group: sent to one of its members, and due again for the
 * group when its lease ends unacknowledged.
 *
 * @param message the message
 * @param attempt which delivery to the group this is (1 for the first)
 */
public record TopicDelivery(TopicMessage message, int attempt) {
}
