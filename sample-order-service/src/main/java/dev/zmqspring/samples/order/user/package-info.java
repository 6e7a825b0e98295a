/**
 * Registration: store the user, answer, and publish {@code user.registered} for the
 * e-mail and SMS.
 */
package dev.zmqspring.samples.order.user;
