package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connecting socket's wait for a peer, on real sockets: a peer that answers with
 * another security mechanism is no peer (JeroMQ 0.6.0 drops the connection after the
 * greeting and does not try again at once), so the socket warns; one that speaks the same
 * ends the wait.
 */
@Timeout(30)
class PeerWaitTests {

	private static final SocketSettings SETTINGS = SocketSettings.DEFAULTS.toBuilder()
		.peerWaitWarning(Duration.ofSeconds(1))
		.build();

	@Test
	void peerWithAnotherSecurityMechanismIsWarnedAbout() {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket server = context.createSocket(SocketType.PUSH);
			// A PLAIN server: a NULL client fails its handshake every time it connects.
			server.setPlainServer(true);
			server.bind("tcp://127.0.0.1:*");
			String address = server.getLastEndpoint();
			ZmqSocketFactory.OpenedSocket opened = new ZmqSocketFactory(context, List.of()).open(endpoint(address),
					SocketType.PULL);
			try {
				SocketActivity activity = opened.activity();
				await().atMost(Duration.ofSeconds(15)).until(() -> activity.getPeerWarning() != null);
				assertThat(activity.getPeerWarning()).contains("'lonely'", address, "same security",
						"zmq.endpoints.lonely.socket.peer-wait-warning");
				assertThat(activity.getWaitingForPeerSince()).isNotNull();
				assertThat(activity.getConnectedPeers()).isZero();
			}
			finally {
				opened.socket().close();
				server.close();
			}
		}
	}

	@Test
	void peerThatSpeaksTheSameMechanismEndsTheWaitBeforeAnyWarning() {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket server = context.createSocket(SocketType.PUSH);
			server.bind("tcp://127.0.0.1:*");
			String address = server.getLastEndpoint();
			ZmqSocketFactory.OpenedSocket opened = new ZmqSocketFactory(context, List.of()).open(endpoint(address),
					SocketType.PULL);
			try {
				SocketActivity activity = opened.activity();
				assertThat(activity.getWaitingForPeerSince()).isNotNull();
				await().atMost(Duration.ofSeconds(10)).until(() -> activity.getWaitingForPeerSince() == null);
				assertThat(activity.getPeerWarning()).isNull();
				assertThat(activity.getConnectedPeers()).isEqualTo(1);
			}
			finally {
				opened.socket().close();
				server.close();
			}
		}
	}

	private static ZmqEndpoint endpoint(String address) {
		return new ZmqEndpoint("lonely", ZmqSocketType.PULL, false, List.of(address), List.of(), null, false,
				Duration.ofSeconds(5), 0, SETTINGS, ZmqDelivery.AT_MOST_ONCE, 0, Duration.ZERO, "zmq.endpoints.lonely");
	}

}
