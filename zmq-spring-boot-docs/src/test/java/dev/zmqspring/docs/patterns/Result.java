package dev.zmqspring.docs.patterns;

public record Result(int task, long micros) {
}
