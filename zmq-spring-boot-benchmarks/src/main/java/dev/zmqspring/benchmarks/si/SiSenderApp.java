package dev.zmqspring.benchmarks.si;

import dev.zmqspring.benchmarks.support.FanOutWarmup;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.IntegrationFlowBuilder;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.json.ObjectToJsonTransformer;
import org.springframework.integration.zeromq.outbound.ZeroMqMessageHandler;

/**
 * A Spring Integration application that sends as its reference documentation shows:
 * messages sent to channel {@code out}, a JSON transformer where payloads are orders, and
 * a ZeroMQ outbound channel adapter (PUSH connects, PUB binds).
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
public class SiSenderApp {

	@Bean(destroyMethod = "close")
	ZContext zContext() {
		return new ZContext(1);
	}

	@Bean
	ZeroMqMessageHandler zeroMqOutbound(ZContext context, SiSpec spec) {
		boolean connecting = spec.connectUrl() != null;
		ZeroMqMessageHandler handler = connecting ? new ZeroMqMessageHandler(context, spec.connectUrl(), spec.type())
				: new ZeroMqMessageHandler(context, spec.type());
		handler.setSocketConfigurer((socket) -> spec.options().apply(socket, connecting));
		if (spec.type() == SocketType.PUB) {
			handler.setTopic(FanOutWarmup.TOPIC);
			handler.wrapTopic(false);
		}
		return handler;
	}

	@Bean
	IntegrationFlow sendFlow(ZeroMqMessageHandler zeroMqOutbound, SiSpec spec) {
		IntegrationFlowBuilder flow = IntegrationFlow.from("out");
		if (spec.json()) {
			flow = flow.transform(Transformers.toJson(ObjectToJsonTransformer.ResultType.BYTES));
		}
		return flow.handleReactive(zeroMqOutbound);
	}

}
