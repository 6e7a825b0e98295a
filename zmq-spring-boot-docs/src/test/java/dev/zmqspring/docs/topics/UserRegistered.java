package dev.zmqspring.docs.topics;

/** The event of docs/durable-topics.md. */
record UserRegistered(String userId, String email, String phone) {
}
