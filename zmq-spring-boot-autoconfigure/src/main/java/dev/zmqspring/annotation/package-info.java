/**
 * Annotations that declare listeners (@ZmqListener) and publisher interfaces (@ZmqPublisher).
 */
package dev.zmqspring.annotation;
