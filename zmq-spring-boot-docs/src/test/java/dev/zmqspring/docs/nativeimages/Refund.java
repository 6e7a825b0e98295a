package dev.zmqspring.docs.nativeimages;

/** A payload only ZmqTemplate sends. */
record Refund(String payment, long cents) {
}
