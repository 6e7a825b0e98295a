package dev.zmqspring.docs.patterns;

public record UserRegistered(String userId, String email) {
}
