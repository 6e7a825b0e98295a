/**
 * Turns annotations into running parts: the @ZmqListener post-processor and
 * the @ZmqPublisher scanning and proxies.
 */
@NullMarked
package dev.zmqspring.config;

import org.jspecify.annotations.NullMarked;
