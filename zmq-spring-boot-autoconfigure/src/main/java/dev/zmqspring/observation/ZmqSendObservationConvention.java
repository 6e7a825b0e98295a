package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a send. Declare a bean of this type to replace
 * {@link DefaultZmqSendObservationConvention}.
 */
public interface ZmqSendObservationConvention extends ObservationConvention<ZmqSendContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqSendContext;
	}

}
