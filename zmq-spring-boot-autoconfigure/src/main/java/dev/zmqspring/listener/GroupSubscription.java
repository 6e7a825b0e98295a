package dev.zmqspring.listener;

/**
 * What makes a listener a member of a durable topic's subscription group (a SUB endpoint
 * with {@code delivery: at-least-once}): its container fetches the group's messages from
 * the publisher and acknowledges them once processed. Not API.
 *
 * @param group the group name
 * @param fromEarliest where a new group starts: at the earliest retained message, or
 * (false) at the next one published
 */
public record GroupSubscription(String group, boolean fromEarliest) {

}
