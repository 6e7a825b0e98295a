package dev.zmqspring.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class PythonPeerTests {

	@Test
	void missingPyzmqSkipsWithTheInstallCommandOutsideCi() {
		assertThatThrownBy(() -> PythonPeer.require("'import zmq' failed", null))
			.isInstanceOf(TestAbortedException.class)
			.hasMessageContaining("apt-get install python3-zmq");
		assertThatThrownBy(() -> PythonPeer.require("'import zmq' failed", "false"))
			.isInstanceOf(TestAbortedException.class);
	}

	@Test
	void missingPyzmqFailsOnCiInsteadOfSkipping() {
		assertThatThrownBy(() -> PythonPeer.require("'import zmq' failed", "true"))
			.isInstanceOf(AssertionFailedError.class)
			.hasMessageContaining("apt-get install python3-zmq")
			.hasMessageContaining("CI=true");
	}

	@Test
	void availablePyzmqNeitherSkipsNorFails() {
		assertThatCode(() -> PythonPeer.require(null, "true")).doesNotThrowAnyException();
		assertThatCode(() -> PythonPeer.require(null, null)).doesNotThrowAnyException();
	}

}
