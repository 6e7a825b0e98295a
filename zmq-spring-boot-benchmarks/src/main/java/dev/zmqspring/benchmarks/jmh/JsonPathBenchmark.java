package dev.zmqspring.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.support.converter.JsonZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.json.JsonToObjectTransformer;
import org.springframework.integration.json.ObjectToJsonTransformer;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The JSON path of scenario 2 without sockets: one order written to JSON and read back,
 * by hand-written Jackson calls, by the starter's converter, and by Spring Integration's
 * JSON transformers. Run with
 * {@code java -cp zmq-spring-boot-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main JsonPath -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonPathBenchmark {

	private final Payloads.Order order = Payloads.order(42);

	private ObjectWriter writer;

	private ObjectReader reader;

	private ZmqMessageConverter converter;

	private ZmqMessageConverter.PayloadReader converterReader;

	private ObjectToJsonTransformer toJson;

	private JsonToObjectTransformer fromJson;

	private AnnotationConfigApplicationContext integration;

	@Setup
	public void setUp() {
		JsonMapper mapper = JsonMapper.builder().build();
		this.writer = mapper.writerFor(Payloads.Order.class);
		this.reader = mapper.readerFor(Payloads.Order.class);
		this.converter = new JsonZmqMessageConverter(mapper);
		this.converterReader = this.converter.readerFor(Payloads.Order.class);
		// The transformers need an integration context (its evaluation context,
		// conversion service).
		this.integration = new AnnotationConfigApplicationContext(Transformers.class);
		this.toJson = this.integration.getBean(ObjectToJsonTransformer.class);
		this.fromJson = this.integration.getBean(JsonToObjectTransformer.class);
	}

	@TearDown
	public void tearDown() {
		this.integration.close();
	}

	@Benchmark
	public Object raw() {
		return this.reader.readValue(this.writer.writeValueAsBytes(this.order));
	}

	@Benchmark
	public Object starter() throws Exception {
		return this.converterReader.read(this.converter.toBytes(this.order));
	}

	@Benchmark
	public Object springIntegration() {
		Message<?> json = this.toJson.transform(new GenericMessage<>(this.order));
		return this.fromJson.transform(json).getPayload();
	}

	/** Spring Integration's JSON transformers as beans of an integration context. */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Transformers {

		@Bean
		ObjectToJsonTransformer toJson() {
			return new ObjectToJsonTransformer(ObjectToJsonTransformer.ResultType.BYTES);
		}

		@Bean
		JsonToObjectTransformer fromJson() {
			return new JsonToObjectTransformer(Payloads.Order.class);
		}

	}

}
