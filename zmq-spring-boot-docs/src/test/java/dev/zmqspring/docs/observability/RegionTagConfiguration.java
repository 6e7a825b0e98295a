package dev.zmqspring.docs.observability;

import dev.zmqspring.observation.DefaultZmqListenerObservationConvention;
import dev.zmqspring.observation.ZmqListenerContext;
import dev.zmqspring.observation.ZmqListenerObservationConvention;
import io.micrometer.common.KeyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A listener convention that adds a tag, as docs/observability.md shows it. */
@Configuration(proxyBeanMethods = false)
class RegionTagConfiguration {

	// tag::convention[]
	@Bean
	ZmqListenerObservationConvention regionConvention() {
		return new DefaultZmqListenerObservationConvention(false) {

			@Override
			public KeyValues getLowCardinalityKeyValues(ZmqListenerContext context) {
				String region = (context.getMessage() != null) ? context.getMessage().getHeaders().get("region") : null;
				return super.getLowCardinalityKeyValues(context).and("region", (region != null) ? region : "none");
			}

		};
	}
	// end::convention[]

}
