package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of one try of the outbox. Declare a bean of this type to
 * replace {@link DefaultZmqDispatchObservationConvention}.
 */
public interface ZmqDispatchObservationConvention extends ObservationConvention<ZmqDispatchContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqDispatchContext;
	}

}
