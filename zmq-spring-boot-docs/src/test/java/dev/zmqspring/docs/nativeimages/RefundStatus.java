package dev.zmqspring.docs.nativeimages;

/** The reply ZmqTemplate reads. */
record RefundStatus(String payment, boolean done) {
}
