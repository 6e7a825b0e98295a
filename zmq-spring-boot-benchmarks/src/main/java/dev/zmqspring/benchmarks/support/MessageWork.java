package dev.zmqspring.benchmarks.support;

import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a raw sender and receiver do with each message: nothing for {@code byte[]}, and
 * for JSON the same Jackson calls the starter's converter makes (a writer and a reader
 * prepared once per type).
 */
public interface MessageWork {

	/** The frame to send as message {@code sequence}. */
	byte[] encode(long sequence);

	/** What the receiver does with a frame before counting it. */
	void decode(byte[] frame);

	/** Sends the same bytes every time; the receiver takes them as they are. */
	static MessageWork bytes(int size) {
		byte[] payload = Payloads.bytes(size);
		return new MessageWork() {
			@Override
			public byte[] encode(long sequence) {
				return payload;
			}

			@Override
			public void decode(byte[] frame) {
			}
		};
	}

	/** Writes an {@link Payloads.Order} as JSON, and reads it back. */
	static MessageWork json(JsonMapper mapper) {
		ObjectWriter writer = mapper.writerFor(Payloads.Order.class);
		ObjectReader reader = mapper.readerFor(Payloads.Order.class);
		return new MessageWork() {
			@Override
			public byte[] encode(long sequence) {
				return writer.writeValueAsBytes(Payloads.order(sequence));
			}

			@Override
			public void decode(byte[] frame) {
				Payloads.Order order = reader.readValue(frame);
				if (order.quantity() < 0) {
					throw new IllegalStateException("Unexpected order " + order);
				}
			}
		};
	}

}
