package dev.zmqspring.docs.receiving;

public record UserRegistered(String userId, String email) {
}
