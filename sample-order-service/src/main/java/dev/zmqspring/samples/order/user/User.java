package dev.zmqspring.samples.order.user;

import java.time.Instant;

/**
 * A registered user.
 *
 * @param id the id
 * @param name the name
 * @param email the e-mail address
 * @param phone the phone number
 * @param registeredAt when the account was stored
 */
public record User(long id, String name, String email, String phone, Instant registeredAt) {
}
