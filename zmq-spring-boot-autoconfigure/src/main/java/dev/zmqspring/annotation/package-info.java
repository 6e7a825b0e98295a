/**
 * Annotations that declare listeners (@ZmqListener) and publisher interfaces
 * (@ZmqPublisher).
 */
@NullMarked
package dev.zmqspring.annotation;

import org.jspecify.annotations.NullMarked;
