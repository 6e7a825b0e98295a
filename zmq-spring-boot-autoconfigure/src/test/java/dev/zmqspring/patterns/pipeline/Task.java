package dev.zmqspring.patterns.pipeline;

/**
 * One unit of work of the pipeline, sent as JSON.
 *
 * @param id the task number
 * @param workload what to do
 */
public record Task(int id, String workload) {
}
