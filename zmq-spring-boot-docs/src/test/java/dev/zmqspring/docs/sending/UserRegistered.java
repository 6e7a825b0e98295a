package dev.zmqspring.docs.sending;

public record UserRegistered(String userId, String email) {
}
