package dev.zmqspring.samples.inventory.notification;

import java.time.Instant;

/**
 * One sent e-mail or SMS, with its times.
 *
 * @param channel {@code EMAIL} or {@code SMS}
 * @param recipient the e-mail address or phone number
 * @param worker the worker thread that sent it
 * @param registeredAt when the account was stored in the order service
 * @param startedAt when a worker started sending
 * @param finishedAt when it was sent
 * @param startedAfterMs milliseconds from the registration to the start of sending
 * @param finishedAfterMs milliseconds from the registration until it was sent
 */
public record Notification(String channel, String recipient, String worker, Instant registeredAt, Instant startedAt,
		Instant finishedAt, long startedAfterMs, long finishedAfterMs) {
}
