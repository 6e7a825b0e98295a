/**
 * Turns annotations into running parts: the @ZmqListener post-processor and
 * the @ZmqPublisher scanning and proxies.
 * <p>
 * Nothing here is API: the public types are public only for the auto-configuration.
 */
@NullMarked
package dev.zmqspring.config;

import org.jspecify.annotations.NullMarked;
