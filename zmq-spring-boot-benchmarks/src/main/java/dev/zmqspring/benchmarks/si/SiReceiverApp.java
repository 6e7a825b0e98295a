package dev.zmqspring.benchmarks.si;

import java.time.Duration;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Payloads;
import org.zeromq.ZContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.IntegrationFlowBuilder;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.zeromq.inbound.ZeroMqMessageProducer;

/**
 * A Spring Integration application that receives as its reference documentation shows: a
 * ZeroMQ inbound channel adapter (PULL binds, SUB connects), a JSON transformer where
 * payloads are orders, and a handler that counts.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
public class SiReceiverApp {

	@Bean(destroyMethod = "close")
	ZContext zContext() {
		return new ZContext(1);
	}

	@Bean
	ZeroMqMessageProducer zeroMqInbound(ZContext context, SiSpec spec) {
		ZeroMqMessageProducer producer = new ZeroMqMessageProducer(context, spec.type());
		boolean connecting = spec.connectUrl() != null;
		producer.setSocketConfigurer((socket) -> spec.options().apply(socket, connecting));
		if (connecting) {
			producer.setConnectUrl(spec.connectUrl());
			producer.setTopics("");
		}
		// The adapter polls without blocking and sleeps this long when its socket is
		// empty (1 s by default); 1 ms
		// is the most favourable setting for it.
		producer.setConsumeDelay(Duration.ofMillis(1));
		return producer;
	}

	@Bean
	IntegrationFlow receiveFlow(ZeroMqMessageProducer zeroMqInbound, SiSpec spec, Arrivals arrivals) {
		IntegrationFlowBuilder flow = IntegrationFlow.from(zeroMqInbound);
		if (spec.json()) {
			flow = flow.transform(Transformers.fromJson(Payloads.Order.class));
		}
		return flow.handle((message) -> arrivals.arrived()).get();
	}

}
