package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a request. Declare a bean of this type to replace
 * {@link DefaultZmqRequestObservationConvention}.
 */
public interface ZmqRequestObservationConvention extends ObservationConvention<ZmqRequestContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqRequestContext;
	}

}
