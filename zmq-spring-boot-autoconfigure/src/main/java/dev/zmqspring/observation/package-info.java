/**
 * Micrometer Observation of ZeroMQ sends, requests and listener invocations: their
 * contexts, conventions and documented names and tags. With Micrometer Tracing, the trace
 * context travels in the headers frame of endpoints that have one.
 * <p>
 * Replace a default convention by declaring a bean of
 * {@link ZmqSendObservationConvention}, {@link ZmqRequestObservationConvention} or
 * {@link ZmqListenerObservationConvention}. {@link ZmqObservations} is internal.
 */
@NullMarked
package dev.zmqspring.observation;

import org.jspecify.annotations.NullMarked;
