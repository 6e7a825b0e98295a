package dev.zmqspring.test;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.zeromq.ZContext;

/**
 * What {@link AutoConfigureZmqTest} adds to a test's application: the endpoints on
 * {@code inproc} ({@code zmq.test.inproc}, on unless set to {@code false}), a
 * {@link ZmqTestClient} and a {@link ZmqListenerTestHarness} ({@code zmq.test.harness},
 * on unless set to {@code false}).
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
public final class ZmqTestAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "zmq.test.inproc", matchIfMissing = true)
	static InprocEndpoints zmqTestInprocEndpoints() {
		return new InprocEndpoints();
	}

	/**
	 * Binds the peers of the endpoints that connect to inproc addresses before the
	 * application's sockets connect to them.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "zmq.test.inproc", matchIfMissing = true)
	static PreboundPeers zmqTestPreboundPeers() {
		return new PreboundPeers();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "zmq.test.harness", matchIfMissing = true)
	static ZmqListenerTestHarness zmqListenerTestHarness() {
		return new ZmqListenerTestHarness();
	}

	/**
	 * Declared as what it is, so that the context sees it is ordered (before the
	 * starter's post-processor, which then registers the wrapped bean).
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "zmq.test.harness", matchIfMissing = true)
	static ListenerSpyPostProcessor zmqListenerTestHarnessSpy(ObjectProvider<ZmqListenerTestHarness> harness) {
		return new ListenerSpyPostProcessor(harness.getObject());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ZContext.class, ZmqEndpointCatalog.class, ZmqMessageConverter.class })
	ZmqTestClient zmqTestClient(ZContext zmqContext, ZmqEndpointCatalog catalog, ZmqMessageConverter converter,
			ObjectProvider<ZmqSenderRegistry> senders, ObjectProvider<ZmqListenerEndpointRegistry> listeners,
			ObjectProvider<PreboundPeers> prebound) {
		return new ZmqTestClient(zmqContext, catalog, converter, senders.getIfAvailable(), listeners.getIfAvailable(),
				prebound.getIfAvailable());
	}

}
