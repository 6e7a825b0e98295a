package dev.zmqspring.docs.receiving;

public record UserDeleted(String userId) {
}
