package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a listener invocation. Declare a bean of this type to
 * replace {@link DefaultZmqListenerObservationConvention}.
 */
public interface ZmqListenerObservationConvention extends ObservationConvention<ZmqListenerContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqListenerContext;
	}

}
