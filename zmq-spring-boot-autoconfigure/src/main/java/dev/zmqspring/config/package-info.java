/**
 * Turns annotations into running parts: the @ZmqListener post-processor and the @ZmqPublisher scanning and proxies.
 */
package dev.zmqspring.config;
