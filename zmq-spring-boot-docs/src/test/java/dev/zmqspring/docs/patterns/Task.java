package dev.zmqspring.docs.patterns;

public record Task(int id, long micros) {

	Result run() {
		return new Result(this.id, this.micros);
	}

}
